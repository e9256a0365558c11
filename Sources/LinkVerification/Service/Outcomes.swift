import Foundation

/// What `GET /links/{token}` may tell: that the link opens, until when, and the code length.
///
/// Nothing about the file, the sender or the recipients.
public struct LinkStatus: Sendable, Equatable {
    /// Always `active`: a link that cannot open is reported by a ``VerificationError`` instead.
    public var status: String
    /// When the link stops opening.
    public var expiresAt: Date
    /// Digits in the codes the link's challenges mail.
    public var codeLength: Int

    /// Creates a link status.
    public init(status: String = "active", expiresAt: Date, codeLength: Int) {
        self.status = status
        self.expiresAt = expiresAt
        self.codeLength = codeLength
    }
}

/// The answer to starting a challenge: the same whether or not the address may open the link.
public struct ChallengeStarted: Sendable, Equatable {
    /// The challenge's identifier, for resend and verify.
    public var challengeID: String
    /// When the code (if one was mailed) expires.
    public var expiresAt: Date
    /// Seconds before a resend is allowed.
    public var resendAfterSeconds: Int
    /// Digits in the code.
    public var codeLength: Int

    /// Creates the answer.
    public init(challengeID: String, expiresAt: Date, resendAfterSeconds: Int, codeLength: Int) {
        self.challengeID = challengeID
        self.expiresAt = expiresAt
        self.resendAfterSeconds = resendAfterSeconds
        self.codeLength = codeLength
    }
}

/// The answer to a resend: the new code's expiry and the next cooldown.
public struct CodeResent: Sendable, Equatable {
    /// When the new code expires (the challenge's new expiry).
    public var expiresAt: Date
    /// Seconds before another resend is allowed.
    public var resendAfterSeconds: Int

    /// Creates the answer.
    public init(expiresAt: Date, resendAfterSeconds: Int) {
        self.expiresAt = expiresAt
        self.resendAfterSeconds = resendAfterSeconds
    }
}

/// A correct code's reward: an access token to the link's content and what the file is.
public struct Verified: Sendable, Equatable {
    /// The bearer token for `GET /links/{token}/content` (256 random bits, URL-safe); shown once, stored hashed.
    public var accessToken: String
    /// When the access token stops working.
    public var expiresAt: Date
    /// The shared file (its ``StoredFile/name``, ``StoredFile/size`` and ``StoredFile/contentType`` are public to the verified recipient).
    public var file: StoredFile

    /// Creates the answer.
    public init(accessToken: String, expiresAt: Date, file: StoredFile) {
        self.accessToken = accessToken
        self.expiresAt = expiresAt
        self.file = file
    }
}

/// The shared file, opened for a verified recipient.
public struct OpenedContent: Sendable {
    /// The file's metadata (name, size, type).
    public var file: StoredFile
    /// Streams a byte range of the file from the ``FileStorage``: calls its closure with each piece, in order.
    public var read: @Sendable (Range<Int>, (Data) async throws -> Void) async throws -> Void

    /// Creates the answer.
    public init(file: StoredFile, read: @escaping @Sendable (Range<Int>, (Data) async throws -> Void) async throws -> Void) {
        self.file = file
        self.read = read
    }
}

extension OpenedContent {
    /// The whole file, in memory: for tests and small files; downloads stream with ``read``.
    public func bytes() async throws -> Data {
        var bytes = Data()
        try await read(0..<file.size) { bytes.append($0) }
        return bytes
    }
}

/// A new link: its id, its token (shown once, stored hashed) and its URL.
public struct CreatedLink: Sendable, Equatable {
    /// The link's id, for admin calls.
    public var linkID: String
    /// The link token (128 random bits, URL-safe).
    public var token: String
    /// `<siteURL>/<locale>/link/#<token>`: the token is in the fragment, so it never reaches a server.
    public var url: String
    /// The stored link.
    public var link: Link

    /// Creates the answer.
    public init(linkID: String, token: String, url: String, link: Link) {
        self.linkID = linkID
        self.token = token
        self.url = url
        self.link = link
    }
}
