// The review page's behaviour: decisions per repair, per rule and per file, and the two
// downloads (a file's accepted text, the decisions file). Everything it shows of the inputs
// was escaped when the page was written; it reads the inputs from the JSON data block and only
// ever puts them back into the page as text.
(function () {
  "use strict";

  var data = JSON.parse(document.getElementById("review-data").textContent);
  // state[file][repair]: whether the repair is accepted.
  var state = data.files.map(function (file) {
    return file.repairs.map(function (repair) { return repair.accepted; });
  });

  function eachRepair(visit) {
    data.files.forEach(function (file, f) {
      file.repairs.forEach(function (repair, r) { visit(file, f, repair, r); });
    });
  }

  function setText(selector, text) {
    var nodes = document.querySelectorAll(selector);
    for (var i = 0; i < nodes.length; i++) nodes[i].textContent = text;
  }

  function render() {
    var total = 0, accepted = 0;
    var perRule = data.rules.map(function () { return 0; });
    eachRepair(function (file, f, repair, r) {
      var on = state[f][r];
      total += 1;
      if (on) { accepted += 1; perRule[repair.rule_index] += 1; }
      var item = document.getElementById("f" + f + "-r" + r);
      if (!item) return;
      item.classList.toggle("rejected", !on);
      item.querySelector("button.accept").setAttribute("aria-pressed", on ? "true" : "false");
      item.querySelector("button.reject").setAttribute("aria-pressed", on ? "false" : "true");
    });
    data.files.forEach(function (file, f) {
      var n = state[f].filter(Boolean).length;
      setText('[data-count-file="' + f + '"]', n + " of " + file.repairs.length + " accepted");
    });
    perRule.forEach(function (n, i) { setText('[data-count-rule="' + i + '"]', String(n)); });
    setText("#summary", data.files.length + (data.files.length === 1 ? " file, " : " files, ") +
      accepted + " of " + total + " repairs accepted");
  }

  // The original text with the accepted repairs' edits spliced in. Offsets are UTF-16 code
  // units, as JavaScript strings count them.
  function acceptedText(f) {
    var file = data.files[f];
    var edits = [];
    file.repairs.forEach(function (repair, r) {
      if (state[f][r]) edits = edits.concat(repair.edits);
    });
    edits.sort(function (a, b) { return a.start16 - b.start16 || a.end16 - b.end16; });
    var out = "", at = 0;
    edits.forEach(function (edit) {
      out += file.text.slice(at, edit.start16) + edit.replacement;
      at = edit.end16;
    });
    return out + file.text.slice(at);
  }

  function decisions() {
    return {
      version: data.version,
      files: data.files.map(function (file, f) {
        return {
          path: file.path,
          sha256: file.sha256,
          repairs: file.repairs.map(function (repair, r) {
            return {
              id: repair.id,
              rule: repair.rule,
              byte_start: repair.byte_start,
              byte_end: repair.byte_end,
              replacement: repair.replacement,
              accepted: state[f][r]
            };
          })
        };
      })
    };
  }

  function download(name, text, type) {
    var url = URL.createObjectURL(new Blob([text], { type: type }));
    var link = document.createElement("a");
    link.href = url;
    link.download = name;
    link.hidden = true;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
  }

  function setAll(test, value) {
    eachRepair(function (file, f, repair, r) {
      if (test(f, repair)) state[f][r] = value;
    });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-action]");
    if (!button) return;
    var action = button.dataset.action;
    var f = Number(button.dataset.file);
    var r = Number(button.dataset.repair);
    var rule = Number(button.dataset.rule);
    switch (action) {
      case "accept": state[f][r] = true; break;
      case "reject": state[f][r] = false; break;
      case "accept-rule": setAll(function (_, repair) { return repair.rule_index === rule; }, true); break;
      case "reject-rule": setAll(function (_, repair) { return repair.rule_index === rule; }, false); break;
      case "accept-file": setAll(function (g) { return g === f; }, true); break;
      case "reject-file": setAll(function (g) { return g === f; }, false); break;
      case "download-file":
        download(data.files[f].download_name, acceptedText(f), "text/plain;charset=utf-8");
        return;
      case "download-decisions":
        download(data.decisions_name, JSON.stringify(decisions(), null, 2) + "\n", "application/json");
        return;
      default: return;
    }
    render();
  });

  render();
})();
