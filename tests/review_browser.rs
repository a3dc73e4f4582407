//! The review page in a real browser: headless Chromium, driven over the DevTools protocol.
//!
//! Unit tests can check the page's markup, but only a browser shows that its script works:
//! that a click on a reject control takes the repair out, that the accepted text it builds by
//! splicing edits at UTF-16 offsets is the text the library builds from byte offsets, that the
//! decisions file it writes is one `mtscrub apply` replays, and that input text shown in the
//! page never runs. The client is a minimal one: JSON commands and events over the browser's
//! websocket, one flattened session for the page. Clicks are real input events at the
//! control's position on screen. Without /usr/bin/chromium the tests print that they were
//! skipped and pass (`.ci/run` installs it).

use std::collections::VecDeque;
use std::io::{BufRead, BufReader};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use mtscrub::pipeline::{Engine, Options};
use mtscrub::report::review::RepairList;
use mtscrub::rules::Ruleset;
use serde_json::{json, Value};
use tungstenite::{Message, WebSocket};

const CHROMIUM: &str = "/usr/bin/chromium";
const SEED: &str = "corpus/donga-2024-10-26-nk-troops.txt";
/// Longest wait for the browser to start, answer or finish something.
const PATIENCE: Duration = Duration::from_secs(30);

/// A headless Chromium, its websocket, and the page session.
struct Browser {
    child: Child,
    socket: WebSocket<TcpStream>,
    next_id: u64,
    /// Events read while waiting for something else.
    events: VecDeque<Value>,
    session: String,
    _profile: tempfile::TempDir,
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Browser {
    /// Starts Chromium with a new profile and opens a blank page; `None` when it is not
    /// installed.
    fn launch(downloads: &Path) -> Option<Browser> {
        if !Path::new(CHROMIUM).exists() {
            println!("skipped: chromium not installed");
            return None;
        }
        let profile = tempfile::tempdir().unwrap();
        let mut child = Command::new(CHROMIUM)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--remote-debugging-port=0",
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg("about:blank")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start chromium");

        // Chromium names its websocket on standard error; the rest of its output is drained
        // so it never blocks on a full pipe.
        let (tx, rx) = mpsc::channel();
        let stderr = BufReader::new(child.stderr.take().unwrap());
        std::thread::spawn(move || {
            for line in stderr.lines().map_while(Result::ok) {
                if let Some(at) = line.find("ws://") {
                    let _ = tx.send(line[at..].trim().to_string());
                }
            }
        });
        let url = match rx.recv_timeout(PATIENCE) {
            Ok(url) => url,
            Err(_) => {
                let _ = child.kill();
                panic!("chromium did not open its DevTools websocket");
            }
        };
        let host = url["ws://".len()..].split('/').next().unwrap().to_string();
        let stream = TcpStream::connect(&host).expect("connect to chromium");
        stream.set_read_timeout(Some(PATIENCE)).unwrap();
        let (socket, _) = tungstenite::client(url.as_str(), stream).expect("websocket handshake");
        socket
            .get_ref()
            .set_read_timeout(Some(Duration::from_millis(200)))
            .unwrap();
        let mut browser = Browser {
            child,
            socket,
            next_id: 0,
            events: VecDeque::new(),
            session: String::new(),
            _profile: profile,
        };

        let target = browser.browser_call("Target.createTarget", json!({ "url": "about:blank" }));
        let attached = browser.browser_call(
            "Target.attachToTarget",
            json!({ "targetId": target["targetId"], "flatten": true }),
        );
        browser.session = attached["sessionId"].as_str().unwrap().to_string();
        browser.browser_call(
            "Browser.setDownloadBehavior",
            json!({
                "behavior": "allow",
                "downloadPath": downloads.to_str().unwrap(),
                "eventsEnabled": true,
            }),
        );
        browser.call("Page.enable", json!({}));
        browser.call("Runtime.enable", json!({}));
        browser.call(
            "Emulation.setDeviceMetricsOverride",
            json!({ "width": 1280, "height": 1000, "deviceScaleFactor": 1, "mobile": false }),
        );
        Some(browser)
    }

    /// A command to the page session.
    fn call(&mut self, method: &str, params: Value) -> Value {
        let session = self.session.clone();
        self.send(Some(&session), method, params)
    }

    /// A command to the browser itself.
    fn browser_call(&mut self, method: &str, params: Value) -> Value {
        self.send(None, method, params)
    }

    fn send(&mut self, session: Option<&str>, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        let mut message = json!({ "id": id, "method": method, "params": params });
        if let Some(session) = session {
            message["sessionId"] = json!(session);
        }
        self.socket
            .send(Message::text(message.to_string()))
            .expect("send a DevTools command");
        let deadline = Instant::now() + PATIENCE;
        loop {
            let message = self
                .receive(deadline)
                .unwrap_or_else(|| panic!("no answer to {method}"));
            if message["id"] == id {
                if let Some(error) = message.get("error") {
                    panic!("{method} failed: {error}");
                }
                return message["result"].clone();
            }
            self.events.push_back(message);
        }
    }

    /// The next message from the browser, or `None` once `deadline` passes.
    fn receive(&mut self, deadline: Instant) -> Option<Value> {
        while Instant::now() < deadline {
            match self.socket.read() {
                Ok(Message::Text(text)) => return Some(serde_json::from_str(&text).unwrap()),
                Ok(_) => continue,
                Err(tungstenite::Error::Io(e))
                    if matches!(
                        e.kind(),
                        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                    ) =>
                {
                    continue
                }
                Err(e) => panic!("DevTools connection failed: {e}"),
            }
        }
        None
    }

    /// The first event named `method` that `wanted` accepts, waiting up to `wait`.
    fn event(
        &mut self,
        method: &str,
        wait: Duration,
        wanted: impl Fn(&Value) -> bool,
    ) -> Option<Value> {
        let matches = |e: &Value| e["method"] == method && wanted(&e["params"]);
        if let Some(at) = self.events.iter().position(matches) {
            return self.events.remove(at).map(|e| e["params"].clone());
        }
        let deadline = Instant::now() + wait;
        while let Some(message) = self.receive(deadline) {
            if matches(&message) {
                return Some(message["params"].clone());
            }
            self.events.push_back(message);
        }
        None
    }

    /// Whether an event named `method` has arrived (read without waiting).
    fn has_event(&mut self, method: &str) -> bool {
        let deadline = Instant::now() + Duration::from_millis(300);
        while let Some(message) = self.receive(deadline) {
            self.events.push_back(message);
        }
        self.events.iter().any(|e| e["method"] == method)
    }

    fn open(&mut self, page: &Path) {
        let url = format!("file://{}", page.display());
        self.call("Page.navigate", json!({ "url": url }));
        self.event("Page.loadEventFired", PATIENCE, |_| true)
            .expect("the page loads");
    }

    /// The value of a JavaScript expression in the page.
    fn eval(&mut self, expression: &str) -> Value {
        let result = self.call(
            "Runtime.evaluate",
            json!({ "expression": expression, "returnByValue": true, "awaitPromise": true }),
        );
        if let Some(exception) = result.get("exceptionDetails") {
            panic!("{expression}: {exception}");
        }
        result["result"]["value"].clone()
    }

    /// Clicks the element `selector` names with the mouse, at its centre on screen, after
    /// making sure the element is what is there (not covered by something else).
    fn click(&mut self, selector: &str) {
        let selector_js = serde_json::to_string(selector).unwrap();
        let at = self.eval(&format!(
            "(() => {{ const e = document.querySelector({selector_js}); \
             e.scrollIntoView({{block: 'center'}}); const r = e.getBoundingClientRect(); \
             const x = r.left + r.width / 2, y = r.top + r.height / 2; \
             const hit = document.elementFromPoint(x, y); \
             return {{ x, y, hit: hit === e || e.contains(hit) }}; }})()"
        ));
        assert_eq!(at["hit"], true, "{selector} is covered on screen");
        let (x, y) = (at["x"].as_f64().unwrap(), at["y"].as_f64().unwrap());
        self.call(
            "Input.dispatchMouseEvent",
            json!({ "type": "mouseMoved", "x": x, "y": y }),
        );
        for kind in ["mousePressed", "mouseReleased"] {
            self.call(
                "Input.dispatchMouseEvent",
                json!({ "type": kind, "x": x, "y": y, "button": "left", "clickCount": 1 }),
            );
        }
    }

    /// Clicks a download control and returns the downloaded file's name and bytes.
    fn download(&mut self, selector: &str, dir: &Path) -> (String, Vec<u8>) {
        self.click(selector);
        let begun = self
            .event("Browser.downloadWillBegin", PATIENCE, |_| true)
            .expect("a download begins");
        let guid = begun["guid"].clone();
        self.event("Browser.downloadProgress", PATIENCE, |p| {
            p["guid"] == guid && p["state"] == "completed"
        })
        .expect("the download completes");
        let name = begun["suggestedFilename"].as_str().unwrap().to_string();
        let bytes = std::fs::read(dir.join(&name)).expect("the downloaded file");
        (name, bytes)
    }

    /// A PNG of the whole page, not only the part in view.
    fn screenshot(&mut self, path: &Path) {
        let height = self.eval("document.documentElement.scrollHeight");
        let shot = self.call(
            "Page.captureScreenshot",
            json!({
                "format": "png",
                "captureBeyondViewport": true,
                "clip": { "x": 0, "y": 0, "width": 1280, "height": height, "scale": 1 },
            }),
        );
        std::fs::write(path, base64_decode(shot["data"].as_str().unwrap())).unwrap();
    }
}

fn base64_decode(text: &str) -> Vec<u8> {
    let value = |c: u8| -> u32 {
        match c {
            b'A'..=b'Z' => u32::from(c - b'A'),
            b'a'..=b'z' => u32::from(c - b'a') + 26,
            b'0'..=b'9' => u32::from(c - b'0') + 52,
            b'+' => 62,
            b'/' => 63,
            _ => panic!("not base64: {c}"),
        }
    };
    let mut out = Vec::with_capacity(text.len() / 4 * 3);
    for chunk in text.as_bytes().chunks(4) {
        let digits: Vec<u8> = chunk.iter().copied().filter(|&c| c != b'=').collect();
        let n = digits
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &c)| n | value(c) << (18 - 6 * i));
        out.extend(n.to_be_bytes()[1..digits.len()].iter());
    }
    out
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn mtscrub(args: &[&str], dir: &Path) -> std::process::Output {
    let output = Command::new(env!("CARGO_BIN_EXE_mtscrub"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run mtscrub");
    assert_eq!(
        output.status.code(),
        Some(0),
        "mtscrub {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

fn library_list(text: &str) -> RepairList {
    let engine = Engine::new(Ruleset::defaults().unwrap());
    RepairList::new(
        text,
        &engine.check(text, &Options::default()).unwrap().findings,
    )
}

#[test]
fn rejecting_a_repair_in_the_browser_gives_the_text_without_it() {
    let dir = tempfile::tempdir().unwrap();
    let downloads = dir.path().join("downloads");
    std::fs::create_dir(&downloads).unwrap();
    // The seed, after a line whose emoji counts two UTF-16 units and four bytes, so that
    // splicing at the wrong kind of offset would land in the wrong place.
    let text = format!(
        "🙂 한국 news: the minister called it a \"historic step”.\n{}",
        std::fs::read_to_string(root().join(SEED)).unwrap()
    );
    std::fs::write(dir.path().join("story.txt"), &text).unwrap();
    mtscrub(&["review", "story.txt", "-o", "review.html"], dir.path());

    let Some(mut browser) = Browser::launch(&downloads) else {
        return;
    };
    browser.open(&dir.path().join("review.html"));

    let list = library_list(&text);
    let defaults = |r: &mtscrub::report::review::Repair| r.accepted_by_default(false);
    let rejected = list.repairs[list.repairs.len() / 2].id;
    let expected = list.apply(&text, |r| r.id != rejected && defaults(r));
    assert_ne!(expected, list.apply(&text, defaults));

    let reject =
        format!("button[data-action=\"reject\"][data-file=\"0\"][data-repair=\"{rejected}\"]");
    assert_eq!(
        browser.eval(&format!(
            "document.querySelector({:?}).getAttribute('aria-pressed')",
            reject
        )),
        "false"
    );
    browser.click(&reject);
    assert_eq!(
        browser.eval(&format!(
            "document.querySelector({:?}).getAttribute('aria-pressed')",
            reject
        )),
        "true"
    );
    assert_eq!(
        browser.eval(&format!(
            "document.getElementById('f0-r{rejected}').classList.contains('rejected')"
        )),
        true
    );

    let (name, bytes) = browser.download(
        "button[data-action=\"download-file\"][data-file=\"0\"]",
        &downloads,
    );
    assert_eq!(name, "story.txt");
    assert_eq!(String::from_utf8(bytes).unwrap(), expected);

    // The decisions the page writes replay to the same text.
    let (name, bytes) = browser.download("button[data-action=\"download-decisions\"]", &downloads);
    assert_eq!(name, "review.decisions.json");
    std::fs::write(dir.path().join("decisions.json"), bytes).unwrap();
    let applied = mtscrub(
        &["apply", "--decisions", "decisions.json", "story.txt"],
        dir.path(),
    );
    assert_eq!(String::from_utf8(applied.stdout).unwrap(), expected);

    let shot = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("review-page.png");
    browser.screenshot(&shot);
    println!("screenshot: {}", shot.display());
}

#[test]
fn input_text_shown_in_the_page_never_runs() {
    let dir = tempfile::tempdir().unwrap();
    let downloads = dir.path().join("downloads");
    std::fs::create_dir(&downloads).unwrap();
    let script = "<script>window.__pwned=1;alert(1)</script>";
    let image = "\"><img src=x onerror=\"window.__pwned=2;alert(1)\">";
    // Each on a line with a repair, so each is shown in the page, and one in the file name.
    let text = format!(
        "The minister called it a \"historic step” {script} in Seoul.\n\
         Critics said, “It is not enough. “There is no doubt,” he said, {image}\n\
         Reporter Hong Jeong-su hong@donga.com\n"
    );
    let file_name = "x\"><img src=x onerror=window.__pwned=3>.txt";
    std::fs::write(dir.path().join(file_name), &text).unwrap();
    mtscrub(&["review", file_name, "-o", "review.html"], dir.path());

    let Some(mut browser) = Browser::launch(&downloads) else {
        return;
    };
    browser.open(&dir.path().join("review.html"));
    // Run the page's own handlers too: decisions re-render the items.
    browser.click("button[data-action=\"reject-file\"][data-file=\"0\"]");
    browser.click("button[data-action=\"accept-file\"][data-file=\"0\"]");

    assert!(
        !browser.has_event("Page.javascriptDialogOpening"),
        "an alert opened"
    );
    assert_eq!(browser.eval("typeof window.__pwned"), "undefined");
    assert_eq!(browser.eval("document.querySelectorAll('img').length"), 0);
    assert_eq!(browser.eval("document.scripts.length"), 2);
    // The text is there, as text.
    let shown = browser
        .eval("document.body.innerText")
        .as_str()
        .unwrap()
        .to_string();
    for injected in [script, image, file_name] {
        assert!(shown.contains(injected), "{injected} is not shown as text");
    }
    let list = library_list(&text);
    let (name, bytes) = browser.download(
        "button[data-action=\"download-file\"][data-file=\"0\"]",
        &downloads,
    );
    assert_eq!(
        String::from_utf8(bytes).unwrap(),
        list.apply(&text, |_| true)
    );
    assert!(name.ends_with(".txt"));

    // The listener does see a dialog when one opens.
    browser.eval("setTimeout(() => alert('control'), 0); true");
    let dialog = browser
        .event("Page.javascriptDialogOpening", PATIENCE, |_| true)
        .expect("the control dialog is seen");
    assert_eq!(dialog["message"], "control");
    browser.call("Page.handleJavaScriptDialog", json!({ "accept": true }));
}
