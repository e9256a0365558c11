import Foundation
import LinkStorage
import LinkVerification

/// The admin operations of the command line, run on the storage directly (no server needed).
///
/// It opens the same store and files the server uses: the SQLite file of a data folder (WAL mode lets it
/// work while a server runs on the folder) or the PostgreSQL database the instances share. Mail it
/// queues (link notifications) is delivered by a server's mail worker.
struct AdminConsole {
    /// What a directory load stored.
    struct DirectorySummary: Equatable {
        let domains: Int
        let members: Int
        let lists: Int
    }

    let verifier: LinkVerifier
    let siteURL: URL

    /// Opens the service as the server does (``LinkService``), creating the data folder and its secret on first use.
    init(
        storage: StorageSettings, siteURL: URL = APIConfiguration.Defaults.siteURL, policy: Policy = Policy(),
        clock: any WallClock = SystemClock()
    ) async throws {
        self.verifier = try await LinkService.open(storage: storage, policy: policy, clock: clock).verifier
        self.siteURL = siteURL
    }

    /// Opens the SQLite store of a data folder.
    init(
        folder: DataFolder, siteURL: URL = APIConfiguration.Defaults.siteURL, policy: Policy = Policy(),
        clock: any WallClock = SystemClock()
    ) async throws {
        try await self.init(storage: StorageSettings(dataFolder: folder), siteURL: siteURL, policy: policy, clock: clock)
    }

    /// Replaces the directory with the YAML or JSON in `file`.
    func loadDirectory(from file: URL) async throws -> DirectorySummary {
        let directory = try DirectoryFile.load(from: file)
        try await verifier.loadDirectory(directory)
        return DirectorySummary(domains: directory.domains.count, members: directory.members.count, lists: directory.lists.count)
    }

    /// Stores `file` and shares it with `recipients`; returns the new link (its URL holds the token).
    /// Without a `lifetime` the link gets the policy's ``Policy/defaultLinkLifetime``.
    func createLink(
        file: URL, recipients: [String], sender: String, lifetime: TimeInterval?, locale: String, notify: Bool
    ) async throws -> CreatedLink {
        let bytes: Data
        do {
            bytes = try Data(contentsOf: file)
        } catch {
            throw ConfigurationError("cannot read the file to share \(file.path): \(error.localizedDescription)")
        }
        let stored = try await verifier.storeFile(
            name: file.lastPathComponent, contentType: MediaType.guess(forExtension: file.pathExtension), bytes: bytes
        )
        return try await verifier.createLink(
            fileID: stored.id,
            recipients: recipients,
            sender: sender,
            expiresAt: lifetime.map { verifier.clock.now().addingTimeInterval($0) },
            locale: locale,
            notify: notify,
            siteURL: siteURL.absoluteString
        )
    }

    /// Every link, oldest first, with its file's name and how often it was opened.
    func links() async throws -> [LinkListing] {
        let now = verifier.clock.now()
        var rows: [LinkListing] = []
        for link in try await verifier.links() {
            let file = try await verifier.store.read { tx in try tx.file(id: link.fileID)?.name }
            let opened = try await verifier.events(linkID: link.id).filter { $0.kind == .verified }.count
            rows.append(LinkListing(link: link, file: file ?? "(deleted)", opened: opened, now: now))
        }
        return rows
    }

    /// Revokes a link.
    func revokeLink(_ linkID: String) async throws {
        try await naming(linkID) { _ = try await verifier.revoke(linkID: linkID) }
    }

    /// Unlocks a link locked by wrong codes.
    func unlockLink(_ linkID: String) async throws {
        try await naming(linkID) { _ = try await verifier.unlock(linkID: linkID) }
    }

    /// The link's audit trail, one line per event: time, kind, address, client IP, details.
    func eventLines(_ linkID: String) async throws -> [String] {
        try await naming(linkID) { try await verifier.events(linkID: linkID) }.map { event in
            var fields = [ISO8601Date.string(event.at), event.kind.rawValue, event.address?.value ?? "-"]
            if let ip = event.clientIP { fields.append("ip=\(ip)") }
            if let mayOpen = event.mayOpen { fields.append("mayOpen=\(mayOpen)") }
            if let detail = event.detail { fields.append(detail) }
            return fields.joined(separator: "  ")
        }
    }

    /// Runs `body`, answering an unknown link id in the operator's words (not the recipients' page text).
    private func naming<T>(_ linkID: String, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch VerificationError.linkNotFound {
            throw ConfigurationError("no link has the id `\(linkID)`; `otplink-api link list` shows the links and their ids")
        }
    }
}
