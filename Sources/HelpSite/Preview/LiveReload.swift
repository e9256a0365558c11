import Foundation

/// What `helpgen serve` tells open pages: a rebuild's number (a page built before it reloads) and
/// the problems of the last rebuild, if it failed. Shared by the watch loop and every connection.
public final class LiveReload: @unchecked Sendable {
    /// One state of the site as the preview shows it.
    public struct Status: Sendable, Equatable {
        /// Counts successful rebuilds; a page served at a smaller number is out of date.
        public var generation = 0
        /// The problems of the last rebuild (`file:line: message` lines), nil once a rebuild succeeded.
        public var problems: String?
    }

    private let condition = NSCondition()
    private var status = Status()

    /// Creates the state of a preview that has built nothing yet.
    public init() {}

    /// The state now.
    public var current: Status {
        condition.lock()
        defer { condition.unlock() }
        return status
    }

    /// A rebuild succeeded: open pages reload.
    public func rebuilt() {
        change { $0.generation += 1; $0.problems = nil }
    }

    /// A rebuild failed: open pages show `problems` over the last good page.
    public func failed(_ problems: String) {
        change { $0.problems = problems }
    }

    /// Waits until the state differs from `seen`, or `seconds` passed; returns the state then.
    func wait(after seen: Status, seconds: Double) -> Status {
        condition.lock()
        defer { condition.unlock() }
        let deadline = Date(timeIntervalSinceNow: seconds)
        while status == seen, condition.wait(until: deadline) {}
        return status
    }

    private func change(_ update: (inout Status) -> Void) {
        condition.lock()
        update(&status)
        condition.broadcast()
        condition.unlock()
    }

    /// The script injected into every HTML page the preview serves (never part of a built site): it
    /// listens to the server's events, reloads the page after a rebuild and shows a failed
    /// rebuild's problems over the page.
    static let script = """
    // helpgen serve: reloads this page after each rebuild, shows a failed rebuild's problems.
    (function () {
      "use strict";
      var me = document.currentScript;
      var since = me ? (new URL(me.src).searchParams.get("since") || "0") : "0";
      var box = null;
      function show(text) {
        if (!box) {
          box = document.createElement("div");
          box.id = "helpgen-problems";
          box.setAttribute("role", "alert");
          box.style.cssText = "position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;z-index:2147483647;" +
            "margin:0;padding:1rem 1.25rem;background:#2b0d0d;color:#ffd7d5;border-top:4px solid #ff6b6b;" +
            "font:14px/1.5 ui-monospace,SFMono-Regular,Menlo,monospace;white-space:pre-wrap";
          document.body.appendChild(box);
        }
        box.textContent = "helpgen: the site has problems; this is the last good page.\\n\\n" + text;
      }
      var events = new EventSource("/__helpgen/events?since=" + encodeURIComponent(since));
      events.addEventListener("reload", function () { events.close(); location.reload(); });
      events.addEventListener("problems", function (event) { show(event.data); });
    })();

    """
}
