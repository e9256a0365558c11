extension ScriptSafeJSON {
    /// A JSON value typed as it is built, so writing it needs no cast: what each page's JSON-LD is
    /// made of.
    enum Value: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral {
        case string(String)
        case number(Int)
        case flag(Bool)
        case null
        case array([Value])
        /// Written with its keys sorted.
        case object([String: Value])

        /// A string, integer or boolean, or a dictionary (`[String: Any]`) or array of them; anything
        /// else is `null`.
        init(_ value: Any) {
            switch value {
            case let text as String: self = .string(text)
            case let number as Int: self = .number(number)
            case let flag as Bool: self = .flag(flag)
            case let object as [String: Any]: self = .object(object.mapValues(Value.init))
            case let array as [Any]: self = .array(array.map(Value.init))
            default: self = .null
            }
        }

        init(stringLiteral text: String) { self = .string(text) }
        init(integerLiteral number: Int) { self = .number(number) }
        init(arrayLiteral elements: Value...) { self = .array(elements) }
        init(dictionaryLiteral members: (String, Value)...) { self = .object(Dictionary(uniqueKeysWithValues: members)) }
    }

    /// `value` as script-safe JSON.
    static func encode(_ value: Value) -> String {
        var out = ""
        out.reserveCapacity(1024)
        write(value, into: &out)
        return out
    }

    private static func write(_ value: Value, into out: inout String) {
        switch value {
        case let .string(text):
            writeString(text, into: &out)
        case let .number(number):
            out += String(number)
        case let .flag(flag):
            out += flag ? "true" : "false"
        case .null:
            out += "null"
        case let .array(elements):
            out += "["
            for (position, element) in elements.enumerated() {
                if position > 0 { out += "," }
                write(element, into: &out)
            }
            out += "]"
        case let .object(members):
            out += "{"
            for (position, member) in members.sorted(by: { $0.key < $1.key }).enumerated() {
                if position > 0 { out += "," }
                writeString(member.key, into: &out)
                out += ":"
                write(member.value, into: &out)
            }
            out += "}"
        }
    }
}
