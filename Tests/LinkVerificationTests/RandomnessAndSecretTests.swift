import Foundation
import Testing
import LinkVerification

/// A random source that replays given 8-byte words, then zeros.
final class ReplayedRandom: RandomSource, @unchecked Sendable {
    private let lock = NSLock()
    private var words: [UInt64]
    init(_ words: [UInt64]) { self.words = words }
    func bytes(_ count: Int) -> [UInt8] {
        lock.withLock {
            let word = words.isEmpty ? 0 : words.removeFirst()
            return (0..<count).map { UInt8(truncatingIfNeeded: word >> (8 * UInt64(7 - $0 % 8))) }
        }
    }
}

struct RandomnessTests {
    @Test("values above the last whole multiple of the bound are rejected, not folded (no modulo bias)")
    func rejectionSampling() {
        // UInt64.max % 10 == 5: the top 6 values would favour digits 0...5 if they were folded.
        let random = ReplayedRandom([UInt64.max, UInt64.max - 3, 13])
        #expect(random.uniform(below: 10) == 3)
    }

    @Test("codes are the policy's number of decimal digits")
    func codeShape() {
        let random = SystemRandomSource()
        for _ in 0..<200 {
            let code = random.digits(6)
            #expect(code.count == 6)
            #expect(code.allSatisfy { $0.isASCII && $0.isNumber })
        }
    }

    @Test("every digit turns up in system-random codes, each about a tenth of the time")
    func digitsSpread() {
        let random = SystemRandomSource()
        var counts = [Character: Int]()
        for _ in 0..<2_000 { for digit in random.digits(6) { counts[digit, default: 0] += 1 } }
        #expect(counts.count == 10)
        // 12 000 digits: each expected 1 200; 1 000...1 400 is more than 5 standard deviations wide.
        #expect(counts.values.allSatisfy { (1_000...1_400).contains($0) })
    }

    @Test("tokens are URL-safe and as long as their bytes say")
    func tokens() {
        let random = SystemRandomSource()
        let link = random.urlSafeToken(bytes: 16)
        let access = random.urlSafeToken(bytes: 32)
        #expect(link.count == 22 && Base64URL.isToken(link, length: 22))
        #expect(access.count == 43 && Base64URL.isToken(access, length: 43))
        #expect(!Base64URL.isToken("abc/def+ghi=jklmnopqrs", length: 22))
        #expect(random.urlSafeToken(bytes: 16) != link)
    }
}

struct ServerSecretTests {
    @Test("a code's digest depends on the code, its challenge and the secret")
    func codeDigests() {
        let secret = ServerSecret.generate()
        let digest = secret.codeDigest(challengeID: "c1", code: "123456")
        #expect(digest.count == 32)
        #expect(digest == secret.codeDigest(challengeID: "c1", code: "123456"))
        #expect(digest != secret.codeDigest(challengeID: "c2", code: "123456"))
        #expect(digest != secret.codeDigest(challengeID: "c1", code: "123457"))
        #expect(digest != ServerSecret.generate().codeDigest(challengeID: "c1", code: "123456"))
        #expect(secret.tokenDigest(kind: "link", token: "t") != secret.tokenDigest(kind: "access", token: "t"))
    }

    @Test("sealed mail opens only with the same secret and context, and hides its content")
    func sealing() throws {
        let secret = ServerSecret.generate()
        let plaintext = Data("code 424242 for you".utf8)
        let sealed = try secret.seal(plaintext, context: "mail-1")
        #expect(sealed.range(of: Data("424242".utf8)) == nil)
        #expect(try secret.open(sealed, context: "mail-1") == plaintext)
        #expect(throws: (any Error).self) { try secret.open(sealed, context: "mail-2") }
        #expect(throws: (any Error).self) { try ServerSecret.generate().open(sealed, context: "mail-1") }
        var tampered = sealed
        tampered[tampered.count / 2] ^= 1
        #expect(throws: (any Error).self) { try secret.open(tampered, context: "mail-1") }
    }

    @Test("a secret must be 32 bytes")
    func size() {
        #expect(throws: VerificationError.invalidRequest(field: "secret", reason: "must be 32 bytes, got 16")) {
            try ServerSecret(bytes: Array(repeating: 1, count: 16))
        }
    }

    @Test("constant-time comparison agrees with ==")
    func comparison() {
        #expect(constantTimeEquals(Data([1, 2, 3]), Data([1, 2, 3])))
        #expect(!constantTimeEquals(Data([1, 2, 3]), Data([1, 2, 4])))
        #expect(!constantTimeEquals(Data([1, 2, 3]), Data([1, 2])))
    }
}
