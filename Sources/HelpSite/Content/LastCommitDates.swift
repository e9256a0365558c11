import Foundation

/// The date of the last commit that touched each Markdown file, for a page's "Last updated" when its
/// front matter has no `updated:`.
///
/// Read with one `git log` over the content folder (newest commit first, so a file's first
/// appearance is its last change), never one process per file. Without git, or outside a
/// repository, there are none, and pages without `updated:` show no date.
struct LastCommitDates: Sendable, Equatable {
    /// File path (as `ContentFolder` spells it: the content folder, `/`, the path inside it) → `YYYY-MM-DD`.
    let dates: [String: String]

    /// The date of `file`, if a commit touched it.
    subscript(file: String) -> String? { dates[file] }

    /// A `git log` started in `content` and read on a thread of its own, so the build reads its
    /// files meanwhile.
    static func reading(content: String) -> BackgroundValue<LastCommitDates> {
        BackgroundValue { run(content: content) }
    }

    /// Runs `git log` in `content`; any failure (no git, not a repository) gives no dates.
    private static func run(content: String) -> LastCommitDates {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "git", "-C", content, "log", "--no-renames", "--relative", "--name-only", "-z",
            "--format=%x01%ad", "--date=short", "--", ".",
        ]
        var environment = ProcessInfo.processInfo.environment
        environment["GIT_TERMINAL_PROMPT"] = "0"
        environment["LC_ALL"] = "C"
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch { return LastCommitDates(dates: [:]) }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return LastCommitDates(dates: [:]) }
        return LastCommitDates(dates: parse(data, content: content))
    }

    /// Parses `git log -z --name-only --format=%x01%ad`: each commit is `\u{1}DATE`, then its files,
    /// every field ending in a NUL (a file list starts after a line feed).
    static func parse(_ data: Data, content: String) -> [String: String] {
        var dates: [String: String] = [:]
        var current: String?
        for field in data.split(separator: 0, omittingEmptySubsequences: true) {
            var text = String(decoding: field, as: UTF8.self)
            if text.hasPrefix("\n") { text.removeFirst() }
            if text.hasPrefix("\u{1}") {
                current = String(text.dropFirst())
            } else if let date = current, !text.isEmpty {
                let file = content + "/" + text
                if dates[file] == nil { dates[file] = date }
            }
        }
        return dates
    }
}
