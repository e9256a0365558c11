import Crypto
import Foundation

/// The service's 32-byte secret: the key of every HMAC over codes and tokens at rest, and of the
/// AES-GCM seal over queued mail.
///
/// Separate keys are derived from it with HKDF-SHA256, one per purpose, so a digest of one kind can never
/// be replayed as another. Keep it out of the database (`<data>/secret.key`, mode 0600): a leaked
/// database without it opens nothing. Never log it.
public struct ServerSecret: Sendable {
    /// The number of bytes in a secret.
    public static let byteCount = 32

    /// The raw bytes, for writing the key file; never log them.
    public let bytes: [UInt8]
    // Derived keys as bytes (swift-crypto 3's SymmetricKey is not Sendable).
    private let codeKeyBytes: Data
    private let tokenKeyBytes: Data
    private let mailKeyBytes: Data
    private var codeKey: SymmetricKey { SymmetricKey(data: codeKeyBytes) }
    private var tokenKey: SymmetricKey { SymmetricKey(data: tokenKeyBytes) }
    private var mailKey: SymmetricKey { SymmetricKey(data: mailKeyBytes) }

    /// Wraps existing secret bytes (read from the key file).
    ///
    /// Throws ``VerificationError/invalidRequest(field:reason:)`` unless there are exactly 32 bytes.
    public init(bytes: [UInt8]) throws {
        guard bytes.count == Self.byteCount else {
            throw VerificationError.invalidRequest(
                field: "secret", reason: "must be \(Self.byteCount) bytes, got \(bytes.count)")
        }
        self.bytes = bytes
        let master = SymmetricKey(data: bytes)
        func derive(_ purpose: String) -> Data {
            HKDF<SHA256>.deriveKey(
                inputKeyMaterial: master, info: Data("otplink \(purpose) v1".utf8), outputByteCount: 32
            ).withUnsafeBytes { Data($0) }
        }
        codeKeyBytes = derive("code digest")
        tokenKeyBytes = derive("token digest")
        mailKeyBytes = derive("mail seal")
    }

    /// A new secret from `random` (the system CSPRNG by default).
    public static func generate(using random: any RandomSource = SystemRandomSource()) -> ServerSecret {
        // 32 bytes always satisfy the initializer.
        try! ServerSecret(bytes: random.bytes(byteCount))
    }

    /// The HMAC-SHA256 digest under which a one-time code is stored, bound to its challenge.
    public func codeDigest(challengeID: String, code: String) -> Data {
        Data(HMAC<SHA256>.authenticationCode(for: Data("\(challengeID)\n\(code)".utf8), using: codeKey))
    }

    /// The HMAC-SHA256 digest under which a token of `kind` (`link`, `access`) is stored and looked up.
    public func tokenDigest(kind: String, token: String) -> Data {
        Data(HMAC<SHA256>.authenticationCode(for: Data("\(kind)\n\(token)".utf8), using: tokenKey))
    }

    /// Encrypts and authenticates a queued mail payload (AES-256-GCM), bound to the message id.
    public func seal(_ plaintext: Data, context: String) throws -> Data {
        let box = try AES.GCM.seal(plaintext, using: mailKey, authenticating: Data(context.utf8))
        guard let combined = box.combined else {
            throw VerificationError.invalidRequest(field: "mail", reason: "could not seal the payload")
        }
        return combined
    }

    /// Decrypts a payload made by ``seal(_:context:)``; throws if it was altered or sealed under another key.
    public func open(_ sealed: Data, context: String) throws -> Data {
        let box = try AES.GCM.SealedBox(combined: sealed)
        return try AES.GCM.open(box, using: mailKey, authenticating: Data(context.utf8))
    }
}

/// Compares two byte strings in time that depends only on their lengths, never on where they differ.
public func constantTimeEquals(_ lhs: Data, _ rhs: Data) -> Bool {
    guard lhs.count == rhs.count else { return false }
    var difference: UInt8 = 0
    for (left, right) in zip(lhs, rhs) { difference |= left ^ right }
    return difference == 0
}
