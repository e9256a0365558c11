import Foundation
import LinkVerification
import Yams

/// Reads a directory from YAML or JSON, with errors that name the source and the bad entry.
enum DirectoryFile {
    /// The two formats a directory may be written in.
    typealias Format = SettingsFileText.Format

    /// The format a file's extension suggests: `.yaml`/`.yml` is YAML, anything else JSON.
    static func format(of file: URL) -> Format {
        Format(of: file)
    }

    /// Reads and checks the directory in `file`.
    static func load(from file: URL) throws -> Directory {
        let data: Data
        do {
            data = try Data(contentsOf: file)
        } catch {
            throw APIError(.badRequest, code: "invalid_request", message: "Cannot read the directory file \(file.path).")
        }
        return try decode(data, format: format(of: file), source: file.path)
    }

    /// Decodes and checks a directory; `source` names where it came from in error messages.
    static func decode(_ data: Data, format: Format, source: String) throws -> Directory {
        let text: SettingsFileText
        do {
            text = try SettingsFileText(data, format: format, source: "The directory in \(source)")
        } catch let error as SettingsFileText.SyntaxError {
            throw APIError.invalidBody("\(error).")
        }
        try checkKeys(text, source: source)
        let directory: Directory
        do {
            switch format {
            case .json:
                directory = try JSONDecoder().decode(Directory.self, from: data)
            case .yaml:
                directory = try YAMLDecoder().decode(Directory.self, from: String(decoding: data, as: UTF8.self))
            }
        } catch let error as DecodingError {
            throw APIError.invalidBody("The directory in \(source) is invalid: \(JSONBody.describe(error))")
        } catch {
            throw APIError.invalidBody("The directory in \(source) is not valid \(format.name).")
        }
        try directory.validate()
        return directory
    }

    private static let directoryKeys: Set<String> = ["domains", "members", "lists"]
    private static let listKeys: Set<String> = ["address", "members"]

    /// Refuses keys the directory does not have: a typo (`member:`) would otherwise load an
    /// empty part of the directory without a word, and lock members out of links.
    private static func checkKeys(_ text: SettingsFileText, source: String) throws {
        guard let top = text.mapping else {
            throw APIError.invalidBody("The directory in \(source) must be an object with domains, members and lists.")
        }
        if let unknown = Set(top.keys).subtracting(directoryKeys).sorted().first {
            throw APIError.invalidBody(
                "The directory in \(source) has an unknown key `\(unknown)`\(ClosestName.hint(for: unknown, among: directoryKeys)); the keys are domains, members and lists.")
        }
        for key in directoryKeys.sorted() where top[key] != nil && !(top[key] is [Any]) {
            throw APIError.invalidBody("The directory in \(source) has `\(key)` that is not a list; leave it out or give a list.")
        }
        for (index, list) in (top["lists"] as? [Any] ?? []).enumerated() {
            guard let entry = list as? [String: Any] else { continue }
            if let unknown = Set(entry.keys).subtracting(listKeys).sorted().first {
                throw APIError.invalidBody(
                    "The directory in \(source) has an unknown key `lists[\(index)].\(unknown)`\(ClosestName.hint(for: unknown, among: listKeys)); a list has address and members.")
            }
        }
    }
}
