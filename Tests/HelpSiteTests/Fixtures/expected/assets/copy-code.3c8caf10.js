// Adds a copy button to each code block of an article. Loaded with `defer`; the button's
// words come from the body's data-copy-label and data-copied-label (the locale's strings).
(function () {
  "use strict";
  var body = document.body;
  var label = body.getAttribute("data-copy-label") || "Copy";
  var done = body.getAttribute("data-copied-label") || "Copied";

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (error) { ok = false; }
      document.body.removeChild(area);
      if (ok) resolve(); else reject(new Error("copy failed"));
    });
  }

  var blocks = document.querySelectorAll("article pre > code");
  Array.prototype.forEach.call(blocks, function (code) {
    var pre = code.parentNode;
    var box = document.createElement("div");
    box.className = "code-block";
    pre.parentNode.insertBefore(box, pre);
    box.appendChild(pre);
    var button = document.createElement("button");
    button.type = "button";
    button.className = "copy-code";
    button.textContent = label;
    button.addEventListener("click", function () {
      copyText(code.textContent).then(function () {
        button.textContent = done;
        setTimeout(function () { button.textContent = label; }, 2000);
      }, function () { button.textContent = label; });
    });
    box.appendChild(button);
  });
})();
