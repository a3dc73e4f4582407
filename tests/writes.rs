//! `fix --write` cannot lose data: the repaired text goes to a temporary file in the same
//! directory, is flushed, takes the original's permissions and owner, and replaces the original
//! in one rename; a failure at any point leaves the original as it was; a symbolic link is
//! written through, not replaced.
//!
//! These run as whatever user runs the suite; where a check needs something this machine does
//! not give (strace, mounting a file system, permission bits that bind), the test prints a
//! notice saying what it could not check and why, and checks the rest.

use std::io::Write;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::Path;
use std::process::{Command, Output, Stdio};

/// A text with one repair (`quote-stray-opener`).
const ARTIFACT: &str =
    "He added, “Satellite photos are serious. “There is no doubt that it reflects this,” he said.\n";

fn fixed(text: &str) -> String {
    let engine = mtscrub::Engine::new(mtscrub::rules::Ruleset::defaults().expect("rules"));
    let output = engine
        .fix(text, &mtscrub::Options::default())
        .expect("fix")
        .output;
    assert_ne!(output, text, "the text has a repair");
    output
}

fn run(command: &mut Command) -> Output {
    command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .output()
        .expect("run")
}

fn write_fix(dir: &Path, path: &str) -> Output {
    run(Command::new(env!("CARGO_BIN_EXE_mtscrub"))
        .args(["fix", "--write", path])
        .current_dir(dir))
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn temp() -> tempfile::TempDir {
    tempfile::tempdir().expect("a temporary directory")
}

fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("list")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn write_replaces_the_file_by_rename_leaving_nothing_behind() {
    let dir = temp();
    let path = dir.path().join("story.txt");
    std::fs::write(&path, ARTIFACT).unwrap();
    // A second name for the original: a rename gives the path a new file and leaves the old
    // one whole; writing in place would change both names at once.
    let witness = dir.path().join("witness.txt");
    std::fs::hard_link(&path, &witness).unwrap();
    let inode = std::fs::metadata(&path).unwrap().ino();

    let output = write_fix(dir.path(), "story.txt");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), fixed(ARTIFACT));
    assert_ne!(
        std::fs::metadata(&path).unwrap().ino(),
        inode,
        "written in place"
    );
    assert_eq!(std::fs::read_to_string(&witness).unwrap(), ARTIFACT);
    assert_eq!(listing(dir.path()), ["story.txt", "witness.txt"]);

    // A file with nothing to repair is not rewritten at all.
    let inode = std::fs::metadata(&path).unwrap().ino();
    let output = write_fix(dir.path(), "story.txt");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(std::fs::metadata(&path).unwrap().ino(), inode);
}

/// The system calls `fix --write` makes, where strace is installed: the temporary file is
/// created in the target's directory, flushed with fsync, and renamed over the target.
#[test]
fn write_flushes_the_temporary_file_before_the_rename() {
    let dir = temp();
    std::fs::write(dir.path().join("story.txt"), ARTIFACT).unwrap();
    let trace = dir.path().join("trace");
    let traced = Command::new("strace")
        .arg("-f")
        .arg("-o")
        .arg(&trace)
        .args([
            "-e",
            "trace=openat,fsync,fdatasync,rename,renameat,renameat2",
        ])
        .arg(env!("CARGO_BIN_EXE_mtscrub"))
        .args(["fix", "--write", "story.txt"])
        .current_dir(dir.path())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output();
    let Ok(output) = traced else {
        eprintln!("notice: strace is not installed, so the fsync before the rename is not checked");
        return;
    };
    if !output.status.success() && !trace.exists() {
        eprintln!(
            "notice: strace cannot trace here ({}), so the fsync is not checked",
            stderr(&output).trim()
        );
        return;
    }
    assert!(output.status.success(), "{}", stderr(&output));
    let trace = std::fs::read_to_string(&trace).unwrap();
    let lines: Vec<&str> = trace.lines().collect();
    let created = lines
        .iter()
        .position(|l| l.contains("openat(") && l.contains(".mtscrub-") && l.contains("O_CREAT"))
        .unwrap_or_else(|| panic!("no temporary file created:\n{trace}"));
    let fd = lines[created]
        .rsplit('=')
        .next()
        .unwrap()
        .trim()
        .to_string();
    let synced = lines
        .iter()
        .position(|l| {
            (l.contains("fsync(") || l.contains("fdatasync(")) && l.contains(&format!("({fd}"))
        })
        .unwrap_or_else(|| panic!("the temporary file (fd {fd}) is never flushed:\n{trace}"));
    let renamed = lines
        .iter()
        .position(|l| l.contains("rename") && l.contains(".mtscrub-") && l.contains("story.txt"))
        .unwrap_or_else(|| panic!("no rename over the file:\n{trace}"));
    assert!(created < synced && synced < renamed, "{trace}");
    // In the same directory: the temporary path is the target's directory and a plain name.
    let dir_name = std::fs::canonicalize(dir.path()).unwrap();
    assert!(
        lines[created].contains(&format!("{}/.mtscrub-", dir_name.display())),
        "{}",
        lines[created]
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("story.txt")).unwrap(),
        fixed(ARTIFACT)
    );
}

#[test]
fn write_keeps_permissions() {
    let dir = temp();
    for mode in [0o640, 0o755, 0o604, 0o444] {
        let path = dir.path().join(format!("story-{mode:o}.txt"));
        std::fs::write(&path, ARTIFACT).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
        let output = write_fix(dir.path(), path.file_name().unwrap().to_str().unwrap());
        if mode == 0o444 && !output.status.success() {
            // A read-only file in a writable directory: refusing is as safe as writing.
            assert_eq!(std::fs::read_to_string(&path).unwrap(), ARTIFACT);
            continue;
        }
        assert_eq!(
            output.status.code(),
            Some(0),
            "{mode:o}: {}",
            stderr(&output)
        );
        assert_eq!(std::fs::read_to_string(&path).unwrap(), fixed(ARTIFACT));
        let now = std::fs::metadata(&path).unwrap().permissions().mode() & 0o7777;
        assert_eq!(now, mode, "mode {mode:o} became {now:o}");
    }
}

#[test]
fn write_keeps_the_owner_when_it_may() {
    let dir = temp();
    let path = dir.path().join("story.txt");
    std::fs::write(&path, ARTIFACT).unwrap();
    let (uid, gid) = (4321, 4321);
    if std::os::unix::fs::chown(&path, Some(uid), Some(gid)).is_err() {
        eprintln!(
            "notice: this user cannot give a file away, so keeping another user's ownership \
             is not checked (a file of one's own stays one's own)"
        );
        return;
    }
    let output = write_fix(dir.path(), "story.txt");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), fixed(ARTIFACT));
    let meta = std::fs::metadata(&path).unwrap();
    assert_eq!((meta.uid(), meta.gid()), (uid, gid));
}

#[test]
fn symlinks_are_written_through_not_replaced() {
    let dir = temp();
    let real_dir = dir.path().join("real");
    let link_dir = dir.path().join("links");
    std::fs::create_dir(&real_dir).unwrap();
    std::fs::create_dir(&link_dir).unwrap();
    let real = real_dir.join("story.txt");
    std::fs::write(&real, ARTIFACT).unwrap();
    std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o640)).unwrap();
    // A relative link in another directory, and a link to that link.
    std::os::unix::fs::symlink("../real/story.txt", link_dir.join("link.txt")).unwrap();
    std::os::unix::fs::symlink("link.txt", link_dir.join("chain.txt")).unwrap();

    let output = write_fix(&link_dir, "chain.txt");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    for link in ["link.txt", "chain.txt"] {
        let meta = std::fs::symlink_metadata(link_dir.join(link)).unwrap();
        assert!(
            meta.file_type().is_symlink(),
            "{link} was replaced by a file"
        );
    }
    assert_eq!(
        std::fs::read_link(link_dir.join("link.txt")).unwrap(),
        Path::new("../real/story.txt")
    );
    assert_eq!(std::fs::read_to_string(&real).unwrap(), fixed(ARTIFACT));
    assert_eq!(
        std::fs::metadata(&real).unwrap().permissions().mode() & 0o777,
        0o640
    );
    // The temporary file was made beside the real file, and nothing is left in either place.
    assert_eq!(listing(&link_dir), ["chain.txt", "link.txt"]);
    assert_eq!(listing(&real_dir), ["story.txt"]);
}

/// A file large enough that `check` and `fix` without `--write` map it instead of reading it
/// is still read as a copy when it is written back (a debug build stops on a mapping there),
/// and written repaired.
#[test]
fn a_large_file_is_written_back_repaired() {
    let dir = temp();
    let lines = (1 << 20) / ARTIFACT.len() + 1;
    std::fs::write(dir.path().join("story.txt"), ARTIFACT.repeat(lines)).unwrap();
    let output = write_fix(dir.path(), "story.txt");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("story.txt")).unwrap(),
        fixed(ARTIFACT).repeat(lines)
    );
}

/// A repaired text larger than the file-size limit (RLIMIT_FSIZE, which binds root too), so the
/// write of the temporary file fails part way.
fn big_artifact() -> String {
    ARTIFACT.repeat(64)
}

fn limited_write(dir: &Path, trap: &str) -> Output {
    let script = format!(
        "{trap} ulimit -f 2; exec \"$0\" fix --write story.txt",
        trap = trap
    );
    run(Command::new("bash")
        .arg("-c")
        .arg(script)
        .arg(env!("CARGO_BIN_EXE_mtscrub"))
        .current_dir(dir))
}

#[test]
fn a_failed_write_leaves_the_original_intact() {
    let dir = temp();
    let text = big_artifact();
    assert!(
        fixed(&text).len() > 4096,
        "larger than the limit of the test"
    );
    std::fs::write(dir.path().join("story.txt"), &text).unwrap();

    // With SIGXFSZ ignored, the write fails with an error: reported, exit 2, the original as
    // it was and no temporary file left.
    let output = limited_write(dir.path(), "trap '' XFSZ;");
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("story.txt: cannot write the temporary file"),
        "{}",
        stderr(&output)
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("story.txt")).unwrap(),
        text
    );
    assert_eq!(listing(dir.path()), ["story.txt"]);
}

#[test]
fn a_write_killed_part_way_leaves_the_original_intact() {
    let dir = temp();
    let text = big_artifact();
    std::fs::write(dir.path().join("story.txt"), &text).unwrap();
    // SIGXFSZ's default action kills the process in the middle of writing the temporary file.
    let output = limited_write(dir.path(), "");
    assert!(!output.status.success(), "{}", stderr(&output));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("story.txt")).unwrap(),
        text
    );
    // What a killed process leaves is a partial temporary file beside the original, never a
    // partial original.
    for name in listing(dir.path()) {
        assert!(
            name == "story.txt" || name.starts_with(".mtscrub-"),
            "{name}"
        );
    }
}

/// A full file system, where a small tmpfs can be mounted (root, and a kernel that lets this
/// process mount); otherwise a notice.
#[test]
fn a_full_file_system_leaves_the_original_intact() {
    let dir = temp();
    let mount = dir.path().join("small");
    std::fs::create_dir(&mount).unwrap();
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=64k", "tmpfs"])
        .arg(&mount)
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        eprintln!("notice: cannot mount a small tmpfs here, so a full file system is not checked");
        return;
    }
    struct Unmount<'a>(&'a Path);
    impl Drop for Unmount<'_> {
        fn drop(&mut self) {
            let _ = Command::new("umount").arg(self.0).status();
        }
    }
    let _unmount = Unmount(&mount);
    let text = ARTIFACT.repeat(200);
    std::fs::write(mount.join("story.txt"), &text).unwrap();
    // Fill the rest of the file system.
    let mut filler = std::fs::File::create(mount.join("filler")).unwrap();
    let block = [b'x'; 1024];
    while filler
        .write_all(&block)
        .and_then(|()| filler.sync_all())
        .is_ok()
    {}
    drop(filler);

    let output = write_fix(&mount, "story.txt");
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(stderr(&output).contains("story.txt"), "{}", stderr(&output));
    assert_eq!(
        std::fs::read_to_string(mount.join("story.txt")).unwrap(),
        text
    );
    assert_eq!(listing(&mount), ["filler", "story.txt"]);
}

/// Runs `mtscrub ARGS` in `dir` as the unprivileged user `nobody` (uid and gid 65534) through
/// util-linux's `setpriv`, so that permission bits bind when the suite runs as root (as it does
/// in CI). `None` where `setpriv` is missing or cannot switch users here.
fn as_nobody(dir: &Path, args: &[&str]) -> Option<Output> {
    let setpriv = |args: &[&str]| {
        run(Command::new("setpriv")
            .args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
            .arg(env!("CARGO_BIN_EXE_mtscrub"))
            .args(args)
            .current_dir(dir))
    };
    let probe = Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
        .arg(env!("CARGO_BIN_EXE_mtscrub"))
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    probe.is_ok_and(|s| s.success()).then(|| setpriv(args))
}

/// A directory where no file can be created: read-only for an unprivileged user. Run as root,
/// the command runs as `nobody`, for whom the permission bits bind.
#[test]
fn a_directory_that_takes_no_new_file_leaves_the_original_intact() {
    let dir = temp();
    // Others may enter the test's directory, so `nobody` can reach the file.
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let locked = dir.path().join("locked");
    std::fs::create_dir(&locked).unwrap();
    std::fs::write(locked.join("story.txt"), ARTIFACT).unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o555)).unwrap();
    let args = ["fix", "--write", "locked/story.txt"];
    let output = if std::fs::write(locked.join("probe"), "x").is_ok() {
        std::fs::remove_file(locked.join("probe")).unwrap();
        match as_nobody(dir.path(), &args) {
            Some(output) => output,
            None => {
                std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
                eprintln!(
                    "notice: permission bits do not stop this user (root?) from writing and \
                     setpriv cannot run mtscrub as nobody, so a read-only directory is not \
                     checked; a_failed_write_leaves_the_original_intact covers a failing write"
                );
                return;
            }
        }
    } else {
        run(Command::new(env!("CARGO_BIN_EXE_mtscrub"))
            .args(args)
            .current_dir(dir.path()))
    };
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("locked/story.txt: cannot create a temporary file"),
        "{}",
        stderr(&output)
    );
    assert!(output.stdout.is_empty(), "printed the text instead");
    assert_eq!(
        std::fs::read_to_string(locked.join("story.txt")).unwrap(),
        ARTIFACT
    );
    assert_eq!(listing(&locked), ["story.txt"]);
}

/// A directory walk does not follow a symbolic link (as ripgrep's walk does not): the link
/// stays a link, and the file it points to is either left alone or replaced whole, never
/// replaced by a copy at the link's place.
#[test]
fn a_symlink_met_in_a_directory_walk_is_not_replaced() {
    let dir = temp();
    let docs = dir.path().join("docs");
    std::fs::create_dir(&docs).unwrap();
    std::fs::write(docs.join("a.txt"), ARTIFACT).unwrap();
    std::fs::write(dir.path().join("real.txt"), ARTIFACT).unwrap();
    std::os::unix::fs::symlink("../real.txt", docs.join("link.txt")).unwrap();

    let output = write_fix(dir.path(), "docs");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        std::fs::read_to_string(docs.join("a.txt")).unwrap(),
        fixed(ARTIFACT)
    );
    let meta = std::fs::symlink_metadata(docs.join("link.txt")).unwrap();
    assert!(meta.file_type().is_symlink(), "the link was replaced");
    assert_eq!(
        std::fs::read_link(docs.join("link.txt")).unwrap(),
        Path::new("../real.txt")
    );
    let real = std::fs::read_to_string(dir.path().join("real.txt")).unwrap();
    assert!(real == ARTIFACT || real == fixed(ARTIFACT), "{real:?}");
    assert_eq!(listing(&docs), ["a.txt", "link.txt"]);
    assert_eq!(listing(dir.path()), ["docs", "real.txt"]);
}

/// A link that leads nowhere, or in a circle, is refused with one line naming it, and nothing
/// is created in its place.
#[test]
fn a_dangling_or_looping_symlink_is_refused_naming_it() {
    let dir = temp();
    std::os::unix::fs::symlink("nowhere.txt", dir.path().join("dangling.txt")).unwrap();
    std::os::unix::fs::symlink("loop-b.txt", dir.path().join("loop-a.txt")).unwrap();
    std::os::unix::fs::symlink("loop-a.txt", dir.path().join("loop-b.txt")).unwrap();
    for name in ["dangling.txt", "loop-a.txt"] {
        let output = write_fix(dir.path(), name);
        assert_eq!(output.status.code(), Some(2), "{name}: {}", stderr(&output));
        let message = stderr(&output);
        assert!(message.contains(&format!("{name}: ")), "{message}");
        assert_eq!(message.lines().count(), 1, "{message}");
    }
    for name in ["dangling.txt", "loop-a.txt", "loop-b.txt"] {
        let meta = std::fs::symlink_metadata(dir.path().join(name)).unwrap();
        assert!(meta.file_type().is_symlink(), "{name} was replaced");
    }
    assert_eq!(
        listing(dir.path()),
        ["dangling.txt", "loop-a.txt", "loop-b.txt"]
    );
}

/// Another program changes the file while `fix --write` is repairing it: strace holds the fsync
/// of the temporary file for two seconds, and the test replaces the file by a rename (as an
/// editor saves) or rewrites it in place in that time. The rename must not happen: exit 2, one
/// line naming the file, the other program's text kept, no temporary file left.
#[test]
fn a_file_changed_while_it_is_repaired_is_not_overwritten() {
    use std::time::{Duration, Instant};
    for how in ["replaced", "rewritten in place"] {
        let dir = temp();
        let path = dir.path().join("story.txt");
        std::fs::write(&path, ARTIFACT).unwrap();
        let started = Instant::now();
        let child = Command::new("strace")
            .args(["-f", "-o", "/dev/null", "-e", "trace=fsync"])
            .args(["-e", "inject=fsync:delay_enter=2000000"])
            .arg(env!("CARGO_BIN_EXE_mtscrub"))
            .args(["fix", "--write", "story.txt"])
            .current_dir(dir.path())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn();
        let Ok(mut child) = child else {
            eprintln!("notice: strace is not installed, so a change during a write is not tested");
            return;
        };
        // The temporary file appears once the original has been read for the last time.
        let deadline = started + Duration::from_secs(60);
        while !listing(dir.path())
            .iter()
            .any(|n| n.starts_with(".mtscrub-"))
        {
            if child.try_wait().unwrap().is_some() || Instant::now() > deadline {
                break;
            }
            std::thread::sleep(Duration::from_millis(2));
        }
        let theirs = ARTIFACT.replace("Satellite", "Orbital photos");
        if how == "replaced" {
            std::fs::write(dir.path().join("saved.txt"), &theirs).unwrap();
            std::fs::rename(dir.path().join("saved.txt"), &path).unwrap();
        } else {
            let theirs = ARTIFACT.replace("Satellite", "Sputnik's");
            assert_eq!(theirs.len(), ARTIFACT.len());
            let mut file = std::fs::OpenOptions::new().write(true).open(&path).unwrap();
            file.write_all(theirs.as_bytes()).unwrap();
        }
        let expected = std::fs::read_to_string(&path).unwrap();
        let output = child.wait_with_output().unwrap();
        if started.elapsed() < Duration::from_secs(2) {
            eprintln!(
                "notice: strace cannot hold a system call here ({}), so a change during a \
                 write is not tested",
                stderr(&output).trim()
            );
            return;
        }
        assert_eq!(output.status.code(), Some(2), "{how}: {}", stderr(&output));
        let message = stderr(&output);
        assert!(
            message.contains("story.txt: changed by another program"),
            "{how}: {message}"
        );
        assert_eq!(message.lines().count(), 1, "{how}: {message}");
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            expected,
            "{how}: the other program's change was lost"
        );
        assert_ne!(expected, fixed(ARTIFACT));
        assert_eq!(listing(dir.path()), ["story.txt"], "{how}");
    }
}
