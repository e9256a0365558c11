import Foundation

/// Where codes, tokens and identifiers get their randomness: the system CSPRNG unless a test injects another.
public protocol RandomSource: Sendable {
    /// Returns `count` random bytes.
    func bytes(_ count: Int) -> [UInt8]
}

/// The operating system's CSPRNG (`getrandom(2)` on Linux) through `SystemRandomNumberGenerator`.
public struct SystemRandomSource: RandomSource {
    /// Creates the system source.
    public init() {}

    /// Returns `count` bytes from the system CSPRNG.
    public func bytes(_ count: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        var result = [UInt8]()
        result.reserveCapacity(count)
        while result.count < count {
            withUnsafeBytes(of: generator.next() as UInt64) { word in
                for byte in word where result.count < count { result.append(byte) }
            }
        }
        return result
    }
}

extension RandomSource {
    /// A uniformly distributed integer in `0..<bound`, without modulo bias (rejection sampling).
    public func uniform(below bound: UInt64) -> UInt64 {
        precondition(bound > 0, "uniform(below:) needs a positive bound")
        // Accept only values below the largest multiple of `bound`, so every residue is equally likely.
        let limit = UInt64.max - (UInt64.max % bound)
        for _ in 0..<1_000 {
            let value = bytes(8).reduce(UInt64(0)) { ($0 << 8) | UInt64($1) }
            if value < limit { return value % bound }
        }
        preconditionFailure("the random source returned out-of-range values 1000 times in a row")
    }

    /// A string of `length` decimal digits, each uniformly distributed (a one-time code).
    public func digits(_ length: Int) -> String {
        String((0..<length).map { _ in Character(String(uniform(below: 10))) })
    }

    /// `count` random bytes as URL-safe base64 without padding (a token or an identifier).
    public func urlSafeToken(bytes count: Int) -> String {
        Base64URL.encode(bytes(count))
    }
}
