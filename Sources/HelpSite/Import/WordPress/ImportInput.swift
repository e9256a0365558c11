import Foundation

/// The pages of the input paths: JSON files holding one page object or an array of them, and folders of
/// such files (the pages of `GET /wp-json/wp/v2/<type>?per_page=100&page=N`, saved as they are).
enum ImportInput {
    /// Every page of `paths`, in order; every bad file or page is a problem (all of them are reported).
    static func read(_ paths: [String]) -> Result<[WordPressPage], ImportFailure> {
        var pages: [WordPressPage] = []
        var problems: [ImportProblem] = []
        for file in files(paths, problems: &problems) {
            guard let data = FileManager.default.contents(atPath: file) else {
                problems.append(ImportProblem(position: file, message: "cannot be read"))
                continue
            }
            let json: Any
            do {
                json = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
            } catch {
                problems.append(ImportProblem(position: file, message: "is not JSON that parses: \(describe(error, in: data))"))
                continue
            }
            let objects: [(Any, String)] = if let list = json as? [Any] {
                list.enumerated().map { ($1, "\(file), page \($0 + 1)") }
            } else {
                [(json, file)]
            }
            for (object, position) in objects {
                switch WordPressPage.decode(object, position: position) {
                case let .success(page): pages.append(page)
                case let .failure(problem): problems.append(problem)
                }
            }
        }
        var seen: [Int: String] = [:]
        for page in pages {
            if let first = seen[page.id] {
                problems.append(ImportProblem(position: page.position, message: "is the same WordPress page as \(first): save each page once"))
            }
            seen[page.id] = seen[page.id] ?? page.position
        }
        if pages.isEmpty && problems.isEmpty {
            problems.append(ImportProblem(position: paths.joined(separator: ", "), message: "holds no pages (no .json file, or only empty arrays)"))
        }
        return problems.isEmpty ? .success(pages) : .failure(ImportFailure(problems: problems))
    }

    /// The JSON files of `paths`: files as given, folders' `.json` files in name order.
    private static func files(_ paths: [String], problems: inout [ImportProblem]) -> [String] {
        var files: [String] = []
        for path in paths {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
                problems.append(ImportProblem(position: path, message: "does not exist"))
                continue
            }
            guard isFolder.boolValue else {
                files.append(path)
                continue
            }
            let entries = (FileManager.default.enumerator(atPath: path)?.allObjects as? [String] ?? [])
                .filter { $0.lowercased().hasSuffix(".json") && !$0.split(separator: "/").contains { $0.hasPrefix(".") } }
                .sorted { $0.localizedStandardCompare($1) == .orderedAscending }
            files += entries.map { (path.hasSuffix("/") ? path : path + "/") + $0 }
        }
        return files
    }

    /// The parser's message with the line and column where it stopped, when it gives the offset.
    private static func describe(_ error: Error, in data: Data) -> String {
        let info = (error as NSError).userInfo
        let detail = (info[NSDebugDescriptionErrorKey] as? String) ?? error.localizedDescription
        // Foundation gives the offset in the message ("… around character 24.") or in the user info.
        let said = detail.range(of: "character ").flatMap { Int(detail[$0.upperBound...].prefix { $0.isNumber }) }
        guard let offset = info["NSJSONSerializationErrorIndex"] as? Int ?? said, offset <= data.count else { return detail }
        let before = data.prefix(offset)
        let line = before.filter { $0 == UInt8(ascii: "\n") }.count + 1
        let column = offset - (before.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? 0) + 1
        return "line \(line), column \(column): \(detail)"
    }
}
