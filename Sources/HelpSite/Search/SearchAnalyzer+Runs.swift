extension SearchAnalyzer {
    /// A run as the bytes of its text, valid only inside the call that hands it over: a caller that
    /// has seen the same run before finds what it made of it without making a `Run` (`AnalysedRuns`).
    struct RunBytes {
        let script: SearchToken.Script
        /// The run's text in UTF-8, apostrophes left out.
        let bytes: UnsafeBufferPointer<UInt8>
        /// In Unicode scalars, apostrophes not counted.
        let length: Int
        let attached: Bool

        var run: Run { Run(script: script, text: String(decoding: bytes, as: UTF8.self), length: length, attached: attached) }
    }

    /// Hands `body` each run of `text` after normalization, in order: a run is a stretch of one script;
    /// a combining mark continues the run it follows; apostrophes join the letters around them
    /// (`user's` → `users`); anything else (space, punctuation, symbols) ends a run. Works on the
    /// normalized text's UTF-8 bytes, decoded here: every word of every page goes through it.
    static func forEachRun(in text: String, _ body: (RunBytes) -> Void) {
        var normalized = normalize(text)
        var filtered: [UInt8] = []
        normalized.withUTF8 { bytes in
            var start = 0, length = 0
            var current: SearchToken.Script?
            var attached = false, hasApostrophe = false
            func finish(at end: Int) {
                if let script = current, length > 0 {
                    let slice = UnsafeBufferPointer(rebasing: bytes[start..<end])
                    if hasApostrophe {
                        filtered.removeAll(keepingCapacity: true)
                        var index = 0
                        while index < slice.count {
                            let (scalar, size) = Self.scalar(in: slice, at: index)
                            if !isApostrophe(scalar) { filtered.append(contentsOf: slice[index..<(index + size)]) }
                            index += size
                        }
                        filtered.withUnsafeBufferPointer { body(RunBytes(script: script, bytes: $0, length: length, attached: attached)) }
                    } else {
                        body(RunBytes(script: script, bytes: slice, length: length, attached: attached))
                    }
                }
                length = 0
                current = nil
                hasApostrophe = false
            }
            var index = 0
            while index < bytes.count {
                let (scalar, size) = Self.scalar(in: bytes, at: index)
                defer { index += size }
                if isApostrophe(scalar) {
                    hasApostrophe = hasApostrophe || current != nil
                    if current == nil { start = index + size }
                    continue
                }
                var script = Self.script(of: scalar)
                // A combining mark continues whatever run it follows.
                if script == .word, scalar.value >= 0x300, let open = current, scalar.properties.generalCategory.isMark { script = open }
                guard let script else {
                    finish(at: index)
                    continue
                }
                if script != current {
                    let follows = current != nil
                    finish(at: index)
                    attached = follows
                    current = script
                    start = index
                }
                length += 1
            }
            finish(at: bytes.count)
        }
    }

    /// The scalar whose UTF-8 starts at `index` of valid UTF-8 `bytes`, and its length in bytes.
    private static func scalar(in bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (Unicode.Scalar, Int) {
        let lead = UInt32(bytes[index])
        let value: UInt32, size: Int
        switch lead {
        case 0..<0x80:
            return (Unicode.Scalar(UInt8(lead)), 1)
        case 0xC0..<0xE0:
            value = (lead & 0x1F) << 6 | UInt32(bytes[index + 1] & 0x3F)
            size = 2
        case 0xE0..<0xF0:
            value = (lead & 0x0F) << 12 | UInt32(bytes[index + 1] & 0x3F) << 6 | UInt32(bytes[index + 2] & 0x3F)
            size = 3
        default:
            value = (lead & 0x07) << 18 | UInt32(bytes[index + 1] & 0x3F) << 12 | UInt32(bytes[index + 2] & 0x3F) << 6
                | UInt32(bytes[index + 3] & 0x3F)
            size = 4
        }
        // A Swift string holds valid UTF-8: every sequence decodes to a scalar.
        return (Unicode.Scalar(value)!, size)
    }
}
