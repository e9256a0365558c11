import Dispatch

extension Array where Element: Sendable {
    /// Maps every element on all cores (Dispatch's `concurrentPerform`) and returns the results in
    /// the order of the elements. `transform` must not depend on the order it is called in.
    func parallelMap<Result: Sendable>(_ transform: @Sendable (Element) -> Result) -> [Result] {
        let results = ResultSlots<Result>(count: count)
        self.withUnsafeBufferPointer { elements in
            let input = UncheckedSendable(elements)
            DispatchQueue.concurrentPerform(iterations: elements.count) { index in
                results.store(transform(input.value[index]), at: index)
            }
        }
        return results.collected()
    }
}

/// Pointer-sized wrapper that lets `concurrentPerform`'s closure read a buffer it does not mutate.
private struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}

/// One slot per index: each index is written by exactly one iteration, so no two threads share a slot.
private final class ResultSlots<Value>: @unchecked Sendable {
    private var slots: UnsafeMutableBufferPointer<Value?>

    init(count: Int) {
        slots = .allocate(capacity: count)
        slots.initialize(repeating: nil)
    }

    deinit {
        slots.deinitialize()
        slots.deallocate()
    }

    func store(_ value: Value, at index: Int) {
        slots[index] = value
    }

    func collected() -> [Value] {
        slots.map { $0! }
    }
}
