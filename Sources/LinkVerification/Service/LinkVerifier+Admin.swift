import Crypto
import Foundation

extension LinkVerifier {
    /// Stores a file to share (`POST /admin/files`) and returns its metadata, with a new random id.
    ///
    /// `name` is what the recipient sees (1 to 255 bytes, no control, format or bidirectional characters, no `/` or `\`);
    /// `contentType` defaults to `application/octet-stream`. Throws `invalid_request` naming the field.
    public func storeFile(name: String, contentType: String? = nil, bytes: Data) async throws -> StoredFile {
        try await storeFile(name: name, contentType: contentType, chunks: OneChunk(bytes))
    }

    /// Stores a file from the chunks of an upload, one chunk in memory at a time (`POST /admin/files`).
    ///
    /// The name and type are checked before a byte is stored; the size and SHA-256 are computed as the
    /// bytes pass. An empty file is refused (`invalid_request`, field `body`), and if `chunks` throws (an
    /// upload over the limit, a client that went away) nothing is kept and the error is rethrown.
    public func storeFile<Chunks: AsyncSequence>(name: String, contentType: String? = nil, chunks: Chunks) async throws
        -> StoredFile where Chunks.Element == Data
    {
        let name = try Self.checkedFileName(name)
        let type = try Self.checkedContentType(contentType)
        let id = random.urlSafeToken(bytes: 16)
        let digest = RunningDigest()
        try await files.write(id: id, chunks: chunks.map { chunk in
            digest.add(chunk)
            return chunk
        })
        let (size, sha256) = digest.finish()
        let file = StoredFile(id: id, name: name, size: size, contentType: type, sha256: sha256, createdAt: clock.now())
        do {
            guard size > 0 else {
                throw VerificationError.invalidRequest(field: "body", reason: "the file is empty; send its bytes as the body")
            }
            try await store.write { tx in try tx.insertFile(file) }
        } catch {
            try? await files.delete(id: file.id)
            throw error
        }
        return file
    }

    /// Creates a link to a stored file (`POST /admin/links`); returns its id, token and URL.
    ///
    /// - Parameters:
    ///   - recipients: the addresses (people or mailing lists) it is shared with, at least one.
    ///   - sender: who shares it (decides whether list members may use their own address).
    ///   - expiresAt: when it stops opening; default now + ``Policy/defaultLinkLifetime``, at most ``Policy/maximumLinkLifetime``.
    ///   - locale: the language of its page and mails (`en`, `ko`, `pt-BR`).
    ///   - notify: queue one notification mail per recipient address (a list gets one, to the list address).
    ///   - siteURL: the help center's base URL; the link is `<siteURL>/<locale>/link/#<token>`.
    /// Throws `file_not_found`, or `invalid_request` naming the field (`recipients[1]`, `sender`, `expiresAt`, `locale`, `siteURL`).
    public func createLink(
        fileID: String, recipients: [String], sender: String, expiresAt: Date? = nil, locale: String = "en",
        notify: Bool = false, siteURL: String, client: ClientInfo = .unknown
    ) async throws -> CreatedLink {
        let now = clock.now()
        guard !recipients.isEmpty else {
            throw VerificationError.invalidRequest(field: "recipients", reason: "must name at least one address")
        }
        guard recipients.count <= 500 else {
            throw VerificationError.invalidRequest(field: "recipients", reason: "at most 500 addresses")
        }
        var addresses: [EmailAddress] = []
        for (index, text) in recipients.enumerated() {
            guard let address = EmailAddress(text) else {
                throw VerificationError.invalidRequest(field: "recipients[\(index)]", reason: "'\(text)' is not an email address")
            }
            if !addresses.contains(address) { addresses.append(address) }
        }
        guard let senderAddress = EmailAddress(sender) else {
            throw VerificationError.invalidRequest(field: "sender", reason: "'\(sender)' is not an email address")
        }
        let expiry = expiresAt ?? now.addingTimeInterval(policy.defaultLinkLifetime)
        guard expiry > now else {
            throw VerificationError.invalidRequest(field: "expiresAt", reason: "must be in the future")
        }
        guard expiry <= now.addingTimeInterval(policy.maximumLinkLifetime) else {
            throw VerificationError.invalidRequest(
                field: "expiresAt", reason: "must be at most \(Int(policy.maximumLinkLifetime / 86400)) days ahead")
        }
        let locale = try Self.checkedLocale(locale)
        let site = try Self.checkedSiteURL(siteURL)
        guard isValidFileID(fileID) else { throw VerificationError.fileNotFound }

        let token = random.urlSafeToken(bytes: policy.linkTokenBytes)
        let url = "\(site)/\(locale)/link/#\(token)"
        let link = Link(
            id: random.urlSafeToken(bytes: 12), tokenDigest: secret.tokenDigest(kind: "link", token: token),
            fileID: fileID, recipients: addresses, sender: senderAddress, locale: locale, createdAt: now,
            expiresAt: expiry)
        let verifier = self
        let addressList = addresses
        try await store.write { tx -> Result<Void, VerificationError> in
            guard let file = try tx.file(id: fileID) else { return .failure(.fileNotFound) }
            try tx.insertLink(link)
            try tx.appendEvent(AuditEvent(
                at: now, linkID: link.id, kind: .linkCreated, address: senderAddress, clientIP: client.ipAddress,
                detail: "\(addressList.count) recipient\(addressList.count == 1 ? "" : "s")"))
            guard notify else { return .success(()) }
            for recipient in addressList {
                let mail = OutgoingMail(
                    recipient: recipient.value, locale: locale,
                    content: .linkShared(sender: senderAddress.value, fileName: file.name, url: url, expiresAt: expiry))
                try tx.enqueueMail(try verifier.queued(mail, linkID: link.id, now: now))
                try tx.appendEvent(AuditEvent(
                    at: now, linkID: link.id, kind: .notificationQueued, address: recipient, clientIP: client.ipAddress))
            }
            return .success(())
        }.unwrap()
        if notify { mailObserver?.mailQueued(addressList.count) }
        return CreatedLink(linkID: link.id, token: token, url: url, link: link)
    }

    /// A link's record, for admins. Throws `link_not_found`.
    public func link(id linkID: String) async throws -> Link {
        try await store.read { tx -> Result<Link, VerificationError> in
            guard let link = try tx.link(id: linkID) else { return .failure(.linkNotFound) }
            return .success(link)
        }.unwrap()
    }

    /// Every link, oldest first, for admins (`otplink-api link list`).
    public func links() async throws -> [Link] {
        try await store.read { tx in try tx.links() }
    }

    /// Revokes a link (`DELETE /admin/links/{id}`): it stops opening, and its access tokens stop working.
    ///
    /// Revoking a revoked link changes nothing. Throws `link_not_found`.
    @discardableResult
    public func revoke(linkID: String, client: ClientInfo = .unknown) async throws -> Link {
        let now = clock.now()
        return try await store.write { tx -> Result<Link, VerificationError> in
            guard var link = try tx.link(id: linkID) else { return .failure(.linkNotFound) }
            guard link.revokedAt == nil else { return .success(link) }
            link.revokedAt = now
            try tx.updateLink(link)
            try tx.appendEvent(AuditEvent(at: now, linkID: link.id, kind: .linkRevoked, clientIP: client.ipAddress))
            return .success(link)
        }.unwrap()
    }

    /// Unlocks a link locked by wrong codes (`POST /admin/links/{id}/unlock`) and restarts its count.
    ///
    /// Throws `link_not_found`.
    @discardableResult
    public func unlock(linkID: String, client: ClientInfo = .unknown) async throws -> Link {
        let now = clock.now()
        return try await store.write { tx -> Result<Link, VerificationError> in
            guard var link = try tx.link(id: linkID) else { return .failure(.linkNotFound) }
            link.lockedAt = nil
            link.consecutiveWrongCodes = 0
            try tx.updateLink(link)
            try tx.appendEvent(AuditEvent(at: now, linkID: link.id, kind: .linkUnlocked, clientIP: client.ipAddress))
            return .success(link)
        }.unwrap()
    }

    /// A link's audit trail, oldest first (`GET /admin/links/{id}/events`). Throws `link_not_found`.
    public func events(linkID: String) async throws -> [AuditEvent] {
        try await store.read { tx -> Result<[AuditEvent], VerificationError> in
            guard try tx.link(id: linkID) != nil else { return .failure(.linkNotFound) }
            return .success(try tx.events(linkID: linkID))
        }.unwrap()
    }

    /// Replaces the directory (`PUT /admin/directory`, `otplink-api directory load`).
    ///
    /// Throws `invalid_request` naming a bad entry (``Directory/validate()``).
    public func loadDirectory(_ directory: Directory) async throws {
        try directory.validate()
        try await store.write { tx in try tx.replaceDirectory(directory) }
    }

    /// The stored directory.
    public func directory() async throws -> Directory {
        try await store.read { tx in try tx.directory() }
    }

    static func checkedFileName(_ name: String) throws -> String {
        let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else {
            throw VerificationError.invalidRequest(field: "name", reason: "must not be empty")
        }
        guard trimmed.utf8.count <= 255 else {
            throw VerificationError.invalidRequest(field: "name", reason: "must be at most 255 bytes")
        }
        // Format characters include the bidirectional controls (U+202E makes `invoice\u{202E}fdp.exe` read as
        // `invoiceexe.pdf`) and invisible ones (U+200B); line and paragraph separators break the name's line.
        let refused: Set<Unicode.GeneralCategory> = [.control, .format, .lineSeparator, .paragraphSeparator]
        if let scalar = trimmed.unicodeScalars.first(where: { refused.contains($0.properties.generalCategory) }) {
            let code = "U+" + String(scalar.value, radix: 16, uppercase: true).leftPadded(to: 4)
            throw VerificationError.invalidRequest(
                field: "name", reason: "must not contain control, format or bidirectional characters (found \(code))")
        }
        guard !trimmed.unicodeScalars.contains(where: { $0 == "/" || $0 == "\\" }) else {
            throw VerificationError.invalidRequest(field: "name", reason: "must not contain '/' or '\\'")
        }
        return trimmed
    }

    static func checkedContentType(_ contentType: String?) throws -> String {
        guard let contentType, !contentType.trimmingCharacters(in: .whitespaces).isEmpty else {
            return "application/octet-stream"
        }
        let type = contentType.trimmingCharacters(in: .whitespaces).lowercased()
        let token = "[a-z0-9][a-z0-9!#$&^_.+-]{0,126}"
        guard type.range(of: "^\(token)/\(token)(; *[a-z0-9_-]+=[a-z0-9_.\"-]+)*$", options: .regularExpression) != nil else {
            throw VerificationError.invalidRequest(field: "contentType", reason: "'\(contentType)' is not a media type")
        }
        return type
    }

    static func checkedLocale(_ locale: String) throws -> String {
        guard locale.range(of: "^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$", options: .regularExpression) != nil else {
            throw VerificationError.invalidRequest(field: "locale", reason: "'\(locale)' is not a locale like en or pt-BR")
        }
        return locale
    }

    static func checkedSiteURL(_ siteURL: String) throws -> String {
        var site = siteURL.trimmingCharacters(in: .whitespaces)
        while site.hasSuffix("/") { site.removeLast() }
        guard let url = URL(string: site), let scheme = url.scheme?.lowercased(), scheme == "https" || scheme == "http",
              let host = url.host, !host.isEmpty, url.query == nil, url.fragment == nil
        else {
            throw VerificationError.invalidRequest(field: "siteURL", reason: "'\(siteURL)' is not an http(s) base URL")
        }
        return site
    }
}

/// The size and SHA-256 of bytes as they stream past.
private final class RunningDigest: @unchecked Sendable {
    private let lock = NSLock()
    private var hash = SHA256()
    private var count = 0

    func add(_ chunk: Data) {
        lock.withLock {
            hash.update(data: chunk)
            count += chunk.count
        }
    }

    func finish() -> (size: Int, sha256: String) {
        lock.withLock { (count, hash.finalize().map { String(format: "%02x", $0) }.joined()) }
    }
}

extension String {
    /// The text with `0`s in front up to `width` characters.
    fileprivate func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: max(0, width - count)) + self
    }
}
