import Foundation

/// Character references (`&amp;`, `&#8217;`, `&#x2014;`) decoded the way a browser decodes them.
enum HTMLEntities {
    /// `text` with every character reference replaced by its character; an unknown name stays as written.
    static func decode(_ text: String) -> String {
        guard text.contains("&") else { return text }
        let scalars = Array(text.unicodeScalars)
        var result = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            guard scalars[index] == "&", let (decoded, length) = reference(in: scalars, at: index) else {
                result.append(scalars[index])
                index += 1
                continue
            }
            result.append(contentsOf: decoded.unicodeScalars)
            index += length
        }
        return String(result)
    }

    /// The reference starting at `start` (on its `&`): its text and how many scalars it spans.
    private static func reference(in scalars: [Unicode.Scalar], at start: Int) -> (String, Int)? {
        var index = start + 1
        guard index < scalars.count else { return nil }
        if scalars[index] == "#" {
            index += 1
            let hex = index < scalars.count && (scalars[index] == "x" || scalars[index] == "X")
            if hex { index += 1 }
            let digitsStart = index
            while index < scalars.count, hex ? scalars[index].properties.isASCIIHexDigit : ("0"..."9").contains(scalars[index]) {
                index += 1
            }
            guard index > digitsStart, index - digitsStart <= 8 else { return nil }
            let digits = String(String.UnicodeScalarView(scalars[digitsStart..<index]))
            guard let number = UInt32(digits, radix: hex ? 16 : 10) else { return nil }
            if index < scalars.count, scalars[index] == ";" { index += 1 }
            return (String(numeric(number)), index - start)
        }
        let nameStart = index
        while index < scalars.count, scalars[index].properties.isAlphabetic || ("0"..."9").contains(scalars[index]), index - nameStart < 32 {
            index += 1
        }
        let name = String(String.UnicodeScalarView(scalars[nameStart..<index]))
        guard let character = named[name] else { return nil }
        if index < scalars.count, scalars[index] == ";" {
            return (character, index + 1 - start)
        }
        // A few references work without their `;` (as browsers read legacy HTML).
        return ["amp", "lt", "gt", "quot", "nbsp", "copy", "reg"].contains(name) ? (character, index - start) : nil
    }

    /// The character of a numeric reference (C1 controls read as Windows-1252, as browsers do).
    private static func numeric(_ number: UInt32) -> Character {
        if let mapped = windows1252[number] { return Character(Unicode.Scalar(mapped)!) }
        guard number != 0, let scalar = Unicode.Scalar(number) else { return "\u{FFFD}" }
        return Character(scalar)
    }

    private static let windows1252: [UInt32: UInt32] = [
        0x80: 0x20AC, 0x82: 0x201A, 0x83: 0x0192, 0x84: 0x201E, 0x85: 0x2026, 0x86: 0x2020, 0x87: 0x2021,
        0x88: 0x02C6, 0x89: 0x2030, 0x8A: 0x0160, 0x8B: 0x2039, 0x8C: 0x0152, 0x8E: 0x017D, 0x91: 0x2018,
        0x92: 0x2019, 0x93: 0x201C, 0x94: 0x201D, 0x95: 0x2022, 0x96: 0x2013, 0x97: 0x2014, 0x98: 0x02DC,
        0x99: 0x2122, 0x9A: 0x0161, 0x9B: 0x203A, 0x9C: 0x0153, 0x9E: 0x017E, 0x9F: 0x0178,
    ]

    /// The named references WordPress content uses (its editors and `wptexturize` write these).
    static let named: [String: String] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u{A0}", "ensp": "\u{2002}",
        "emsp": "\u{2003}", "thinsp": "\u{2009}", "zwnj": "\u{200C}", "zwj": "\u{200D}", "shy": "\u{AD}",
        "hellip": "…", "mdash": "—", "ndash": "–", "minus": "−", "lsquo": "‘", "rsquo": "’", "sbquo": "‚",
        "ldquo": "“", "rdquo": "”", "bdquo": "„", "laquo": "«", "raquo": "»", "lsaquo": "‹", "rsaquo": "›",
        "prime": "′", "Prime": "″", "bull": "•", "middot": "·", "sdot": "⋅", "times": "×", "divide": "÷",
        "plusmn": "±", "deg": "°", "micro": "µ", "para": "¶", "sect": "§", "dagger": "†", "Dagger": "‡",
        "permil": "‰", "copy": "©", "reg": "®", "trade": "™", "cent": "¢", "pound": "£", "yen": "¥",
        "euro": "€", "curren": "¤", "iexcl": "¡", "iquest": "¿", "ordf": "ª", "ordm": "º", "sup1": "¹",
        "sup2": "²", "sup3": "³", "frac14": "¼", "frac12": "½", "frac34": "¾", "larr": "←", "rarr": "→",
        "uarr": "↑", "darr": "↓", "harr": "↔", "lArr": "⇐", "rArr": "⇒", "hArr": "⇔", "check": "✓",
        "star": "☆", "starf": "★", "hearts": "♥", "le": "≤", "ge": "≥", "ne": "≠", "asymp": "≈",
        "infin": "∞", "lowast": "∗", "tilde": "˜", "circ": "ˆ", "acute": "´", "uml": "¨", "cedil": "¸",
        "macr": "¯", "brvbar": "¦", "not": "¬", "Agrave": "À", "Aacute": "Á", "Acirc": "Â", "Atilde": "Ã",
        "Auml": "Ä", "Aring": "Å", "AElig": "Æ", "Ccedil": "Ç", "Egrave": "È", "Eacute": "É", "Ecirc": "Ê",
        "Euml": "Ë", "Iacute": "Í", "Ntilde": "Ñ", "Oacute": "Ó", "Ouml": "Ö", "Oslash": "Ø", "Uacute": "Ú",
        "Uuml": "Ü", "szlig": "ß", "agrave": "à", "aacute": "á", "acirc": "â", "atilde": "ã", "auml": "ä",
        "aring": "å", "aelig": "æ", "ccedil": "ç", "egrave": "è", "eacute": "é", "ecirc": "ê", "euml": "ë",
        "igrave": "ì", "iacute": "í", "icirc": "î", "iuml": "ï", "ntilde": "ñ", "ograve": "ò", "oacute": "ó",
        "ocirc": "ô", "otilde": "õ", "ouml": "ö", "oslash": "ø", "ugrave": "ù", "uacute": "ú", "ucirc": "û",
        "uuml": "ü", "yacute": "ý", "yuml": "ÿ",
    ]
}
