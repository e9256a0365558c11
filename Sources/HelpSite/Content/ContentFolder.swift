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
        /// The file as it was when its folder was listed (nil if it went away meanwhile).
        let stamp: FileStamp?
    }

    /// Every `.md` file of every configured locale, sorted; a folder that is not a configured
    /// locale is a problem (it would silently never be built). The image files met on the way
    /// (`SiteImages.extensions`) are added to `images`.
    static func markdownFiles(in content: String, config: SiteConfig, images: inout [String], problems: inout [SiteProblem]) -> [File] {
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
            var found: [(contentPath: String, stamp: FileStamp?)] = []
            collectMarkdown(in: folder, prefix: "", into: &found, images: &images)
            files += found.sorted { $0.contentPath < $1.contentPath }.map {
                File(locale: entry, contentPath: $0.contentPath, path: folder + "/" + $0.contentPath, stamp: $0.stamp)
            }
        }
        return files
    }

    /// Adds the `.md` files under `folder` (paths relative to the locale folder, `prefix` being
    /// `folder`'s, with their stamps) and the image files (paths to open), skipping hidden files and
    /// folders: one `readdir` pass per folder, no `stat` where the folder entry tells its kind, and a
    /// Markdown file's `stat` relative to its open folder.
    private static func collectMarkdown(
        in folder: String, prefix: String, into paths: inout [(contentPath: String, stamp: FileStamp?)], images: inout [String]
    ) {
        guard let stream = opendir(folder) else { return }
        defer { closedir(stream) }
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            guard !name.hasPrefix(".") else { continue }
            let path = folder + "/" + name
            var kind = Int32(entry.pointee.d_type)
            if kind == Int32(DT_UNKNOWN) || kind == Int32(DT_LNK) {
                var info = stat()
                guard stat(path, &info) == 0 else { continue }
                kind = info.st_mode & S_IFMT == S_IFDIR ? (entry.pointee.d_type == DT_LNK ? -1 : Int32(DT_DIR)) : Int32(DT_REG)
            }
            if kind == Int32(DT_DIR) {
                collectMarkdown(in: path, prefix: prefix + name + "/", into: &paths, images: &images)
            } else if kind == Int32(DT_REG), name.hasSuffix(".md") {
                paths.append((prefix + name, FileStamp(in: dirfd(stream), name: name)))
            } else if kind == Int32(DT_REG), let dot = name.lastIndex(of: "."),
                      SiteImages.extensions.contains(name[name.index(after: dot)...].lowercased()) {
                images.append(path)
            }
        }
    }
}
