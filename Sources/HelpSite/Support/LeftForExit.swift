/// Values a one-shot command leaves to the end of its process: their memory is never freed piece by
/// piece (the kernel takes it back whole when the process exits). Only for values made once, just
/// before the process ends.
enum LeftForExit {
    private final class Kept<Value>: @unchecked Sendable {
        let value: Value
        init(_ value: Value) { self.value = value }
    }

    /// Keeps `value` alive until the process ends.
    static func keep<Value>(_ value: Value) {
        _ = Unmanaged.passRetained(Kept(value))
    }
}
