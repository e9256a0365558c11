import Foundation

/// Fresh folders under the system's temporary directory, one per test.
enum TemporaryFolder {
    /// Creates an empty folder with a unique name.
    static func make() throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("otplink-api-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// The permission bits of a file.
    static func mode(of url: URL) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
        return (attributes[.posixPermissions] as? Int ?? -1) & 0o777
    }
}

/// A temporary folder removed when the last value holding it goes away (the end of a test).
final class ScratchFolder: Sendable {
    /// The folder.
    let url: URL

    /// Creates an empty folder.
    init() throws {
        url = try TemporaryFolder.make()
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }
}
