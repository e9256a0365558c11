/// A path on disk written one way — never with a trailing slash (except `/` itself) — so folders
/// join, compare and contain each other without rules about slashes.
struct SitePath: Hashable, Sendable, CustomStringConvertible {
    /// The path (`site`, `/tmp/x/public`).
    let string: String

    /// `path` without its trailing slashes; an empty path is the current folder.
    init(_ path: String) {
        var path = path.isEmpty ? "." : path
        while path.count > 1, path.hasSuffix("/") { path.removeLast() }
        string = path
    }

    /// `relative` (`/`-separated, no leading slash) inside this folder.
    func appending(_ relative: String) -> SitePath {
        SitePath(string == "/" ? "/" + relative : string + "/" + relative)
    }

    /// The folder this path is in (`.` for a bare name).
    var parent: SitePath {
        guard let slash = string.lastIndex(of: "/") else { return SitePath(".") }
        return slash == string.startIndex ? SitePath("/") : SitePath(String(string[..<slash]))
    }

    /// The last component (`public`).
    var name: String {
        guard let slash = string.lastIndex(of: "/") else { return string }
        return String(string[string.index(after: slash)...])
    }

    /// True when `path` is this path or inside it.
    func contains(_ path: String) -> Bool {
        relativePath(of: path) != nil
    }

    /// `path` relative to this folder (`""` for the folder itself), or nil when it is not inside it.
    func relativePath(of path: String) -> String? {
        let path = SitePath(path).string
        if path == string { return "" }
        let prefix = string == "/" ? "/" : string + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : nil
    }

    var description: String { string }
}
