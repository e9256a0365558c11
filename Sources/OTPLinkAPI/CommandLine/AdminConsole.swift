import Foundation

/// Admin operations on a data folder, for the command line (no server needed).
///
/// Placeholder until the domain's service lands: every operation reports that it is not available.
struct AdminConsole {
    struct DirectorySummary { let domains: Int; let members: Int; let lists: Int }
    struct Created { let linkID: String; let url: String; let expiresAt: Date }

    init(folder: DataFolder, siteURL: URL? = nil) throws {
        throw ConfigurationError("the admin commands are not available in this build yet")
    }

    func loadDirectory(from file: URL) async throws -> DirectorySummary { fatalError() }
    func createLink(file: URL, recipients: [String], sender: String, lifetime: TimeInterval, locale: String, notify: Bool) async throws -> Created { fatalError() }
    func revokeLink(_ id: String) async throws {}
    func unlockLink(_ id: String) async throws {}
    func eventLines(_ id: String) async throws -> [String] { [] }
}
