/// One thing wrong with the site's input, told as `file:line: message` (the form compilers use,
/// so editors and CI annotate the right line).
public struct SiteProblem: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file at fault, as the docs team would open it (e.g. `site/content/en/a/b.md`).
    public let file: String
    /// The 1-based line in `file`, when one line is at fault.
    public let line: Int?
    /// What is wrong, in a sentence a writer understands.
    public let message: String

    /// Creates a problem report.
    public init(file: String, line: Int? = nil, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    /// `file:line: message`, or `file: message` when no line applies.
    public var description: String {
        if let line { return "\(file):\(line): \(message)" }
        return "\(file): \(message)"
    }
}

/// Every problem found in one `build` or `check`, reported together rather than one per run.
public struct SiteBuildFailure: Error, Sendable, CustomStringConvertible {
    /// The problems, sorted by file and line.
    public let problems: [SiteProblem]

    /// Creates a failure from the problems found (they are sorted by file, then line).
    public init(problems: [SiteProblem]) {
        self.problems = problems.sorted { ($0.file, $0.line ?? 0, $0.message) < ($1.file, $1.line ?? 0, $1.message) }
    }

    /// One problem per line.
    public var description: String {
        problems.map(\.description).joined(separator: "\n")
    }
}
