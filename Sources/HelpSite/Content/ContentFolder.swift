import Foundation

/// Finds the Markdown files of `site/content/<locale>/`.
enum ContentFolder {
    /// A Markdown file and the locale folder it is in.
    struct File: Sendable {
        let locale: String
        /// Path inside the locale folder.
        let contentPath: String
        /// Path to open.
        let path: String
    }

    /// Every `.md` file of every configured locale, sorted; a folder that is not a configured
    /// locale is a problem (it would silently never be built).
    static func markdownFiles(in content: String, config: SiteConfig, problems: inout [SiteProblem]) -> [File] {
        let manager = FileManager.default
        guard let entries = try? manager.contentsOfDirectory(atPath: content) else {
            problems.append(SiteProblem(file: content, message: "the content folder does not exist; pages go in \(content)/<locale>/"))
            return []
        }
        let known = Set(config.locales.map(\.code))
        var files: [File] = []
        for entry in entries.sorted() where !entry.hasPrefix(".") {
            var isFolder: ObjCBool = false
            _ = manager.fileExists(atPath: content + "/" + entry, isDirectory: &isFolder)
            guard isFolder.boolValue else { continue }
            guard known.contains(entry) else {
                problems.append(SiteProblem(file: content + "/" + entry, message: "\"\(entry)\" is not a locale of config.yml (its locales: \(config.locales.map(\.code).joined(separator: ", ")))"))
                continue
            }
            let folder = content + "/" + entry
            let paths = (manager.enumerator(atPath: folder)?.allObjects as? [String] ?? [])
                .filter { $0.hasSuffix(".md") && !$0.split(separator: "/").contains { $0.hasPrefix(".") } }
                .sorted()
            files += paths.map { File(locale: entry, contentPath: $0, path: folder + "/" + $0) }
        }
        return files
    }
}
