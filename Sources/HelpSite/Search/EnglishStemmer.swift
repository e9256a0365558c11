/// A light English stemmer: plurals, `-ed`, `-ing` and a final `e` come off, so `share`, `shares`,
/// `shared` and `sharing` all become `shar`, and `copies`, `copied`, `copying` become `copy`.
///
/// Deliberately smaller than Porter's: it only needs to be the same on both sides (the index and
/// the query), and the browser client repeats it rule for rule (`stemEnglish` in `search-analysis.js`).
/// Words with anything but the letters a–z are returned unchanged.
enum EnglishStemmer {
    /// Words too common to help find a page; they are neither indexed nor searched for.
    static let stopWords: Set<String> = [
        "a", "an", "and", "are", "as", "at", "be", "but", "by", "can", "do", "does", "for", "from", "how", "i",
        "if", "in", "into", "is", "it", "its", "me", "my", "of", "on", "or", "so", "than", "that", "the", "their",
        "then", "there", "these", "they", "this", "to", "was", "we", "were", "what", "when", "where", "which",
        "who", "will", "with", "you", "your",
    ]

    /// The endings the stemmer takes off, for a word still being typed (`sharin` may become `sharing`).
    static let endings = ["ing", "ied", "ies", "ed", "es", "s", "e"]

    /// The stem of a folded (lowercase, accent-free) word.
    static func stem(_ word: String) -> String {
        var letters = Array(word.utf8)
        guard letters.count >= 3, letters.allSatisfy({ $0 >= 0x61 && $0 <= 0x7A }) else { return word }
        func ends(_ suffix: String) -> Bool { letters.count > suffix.utf8.count && letters.suffix(suffix.utf8.count).elementsEqual(suffix.utf8) }
        func isVowel(_ letter: UInt8) -> Bool { "aeiouy".utf8.contains(letter) }

        // Plurals.
        if ends("sses") {
            letters.removeLast(2)
        } else if ends("ies"), letters.count > 4 {
            letters.removeLast(3)
            letters.append(UInt8(ascii: "y"))
        } else if ends("ss") || ends("us") || ends("is") {
            // `address`, `status`, `analysis` are not plurals.
        } else if ends("s") {
            letters.removeLast()
        }
        // Past tense and the -ing form.
        var stripped = false
        if ends("ied"), letters.count > 4 {
            letters.removeLast(3)
            letters.append(UInt8(ascii: "y"))
        } else if ends("ed"), letters[letters.count - 3] != UInt8(ascii: "e"), letters.count - 2 >= 2, letters.dropLast(2).contains(where: isVowel) {
            letters.removeLast(2)
            stripped = true
        } else if ends("ing"), letters.count - 3 >= 2, letters.dropLast(3).contains(where: isVowel) {
            letters.removeLast(3)
            stripped = true
        }
        // `running` → `run`, `stopped` → `stop`; but `add`, `call`, `pass` keep their double letter.
        if stripped, letters.count >= 4, letters[letters.count - 1] == letters[letters.count - 2],
           !isVowel(letters[letters.count - 1]), !"lsz".utf8.contains(letters[letters.count - 1]) {
            letters.removeLast()
        }
        // `share` and `shar(ing)` meet at `shar`.
        if letters.count >= 3, letters.last == UInt8(ascii: "e") {
            letters.removeLast()
        }
        return String(decoding: letters, as: UTF8.self)
    }
}
