import CCmark
import Foundation

/// GitHub's strikethrough (`~~x~~`, `~x~`) and bare-URL links on cmark's inline text nodes: code spans
/// are not text nodes, and text inside a link is left alone.
extension CommonMarkTree {
    /// Wraps text between matching runs of one or two tildes in `<del>`, inside each paragraph,
    /// heading or emphasis on its own (as emphasis is matched).
    func convertStrikethrough() {
        cmark_consolidate_text_nodes(root)
        var parents: [OpaquePointer] = []
        for text in nodes(ofType: CMARK_NODE_TEXT) where literal(of: text, contains: "~") {
            if let parent = cmark_node_parent(text), parents.last != parent, !parents.contains(parent) { parents.append(parent) }
        }
        for parent in parents { matchTildes(in: parent) }
    }

    /// Turns bare `https://…`, `www.…` and email addresses into links.
    func convertBareURLs() {
        cmark_consolidate_text_nodes(root)
        for text in nodes(ofType: CMARK_NODE_TEXT) where !isInside(text, CMARK_NODE_LINK) && !isInside(text, CMARK_NODE_IMAGE) {
            // Every URL and email address has a period: most text is passed over without being read.
            guard literal(of: text, contains: ".") else { continue }
            let content = literal(of: text)
            let previous = cmark_node_previous(text)
            let afterDelimiter = previous.map { isLineBreak($0) || cmark_node_get_type($0) == CMARK_NODE_CUSTOM_INLINE } ?? true
            let matches = ExtendedAutolinks.matches(in: content, startsAfterDelimiter: afterDelimiter)
            guard !matches.isEmpty else { continue }
            let characters = Array(content)
            var position = 0
            for match in matches {
                if match.range.lowerBound > position {
                    cmark_node_insert_before(text, makeText(String(characters[position..<match.range.lowerBound])))
                }
                let link = cmark_node_new(CMARK_NODE_LINK)!
                cmark_node_set_url(link, match.destination)
                cmark_node_append_child(link, makeText(String(characters[match.range])))
                cmark_node_insert_before(text, link)
                position = match.range.upperBound
            }
            if position < characters.count {
                cmark_node_insert_before(text, makeText(String(characters[position...])))
            }
            cmark_node_free(text)
        }
    }

    // MARK: - Strikethrough

    /// One run of tildes split out into its own text node.
    private struct TildeRun {
        let node: OpaquePointer
        let length: Int
        let canOpen: Bool
        let canClose: Bool
    }

    private func matchTildes(in parent: OpaquePointer) {
        var runs: [TildeRun] = []
        var child = cmark_node_first_child(parent)
        while let node = child {
            child = cmark_node_next(node)
            guard cmark_node_get_type(node) == CMARK_NODE_TEXT else { continue }
            let text = Array(literal(of: node))
            guard text.contains("~") else { continue }
            let before = cmark_node_previous(node).map(edgeCharacter(last: true)) ?? " "
            let after = cmark_node_next(node).map(edgeCharacter(last: false)) ?? " "
            var start = 0, index = 0
            while index < text.count {
                guard text[index] == "~" else { index += 1; continue }
                var end = index
                while end < text.count, text[end] == "~" { end += 1 }
                let previous = index > 0 ? text[index - 1] : before, next = end < text.count ? text[end] : after
                if index > start { cmark_node_insert_before(node, makeText(String(text[start..<index]))) }
                let runNode = makeText(String(text[index..<end]))
                cmark_node_insert_before(node, runNode)
                if end - index <= 2 {
                    runs.append(TildeRun(
                        node: runNode, length: end - index,
                        canOpen: Self.isLeftFlanking(before: previous, after: next),
                        canClose: Self.isLeftFlanking(before: next, after: previous)
                    ))
                }
                start = end
                index = end
            }
            if start < text.count { cmark_node_insert_before(node, makeText(String(text[start...]))) }
            cmark_node_free(node)
        }

        // One stack of openers per run length (1 and 2), by position in `runs`: a match drops the
        // openers of the other length opened after it, so each run is pushed and popped once.
        var openers: [[Int]] = [[], [], []]
        for (position, run) in runs.enumerated() {
            if run.canClose, let match = openers[run.length].popLast() {
                let opener = runs[match]
                let other = 3 - run.length
                while let last = openers[other].last, last > match { openers[other].removeLast() }
                let deleted = makeCustomInline(open: "<del>", close: "</del>")
                cmark_node_insert_before(opener.node, deleted)
                while let inside = cmark_node_next(opener.node), inside != run.node {
                    cmark_node_append_child(deleted, inside)
                }
                cmark_node_free(opener.node)
                cmark_node_free(run.node)
            } else if run.canOpen {
                openers[run.length].append(position)
            }
        }
    }

    /// CommonMark's left-flanking rule (right-flanking is the same rule read backwards): the next
    /// character is not a space, and is not punctuation unless a space or punctuation comes before.
    private static func isLeftFlanking(before: Character, after: Character) -> Bool {
        guard !after.isWhitespace else { return false }
        return !isPunctuation(after) || before.isWhitespace || isPunctuation(before)
    }

    private static func isPunctuation(_ character: Character) -> Bool {
        character.isPunctuation || character.isSymbol
    }

    /// The character next to a tilde run across a node boundary: a neighbouring text's character, a space
    /// for a line break, and punctuation for any other inline (its source starts with `*`, `` ` ``, `[`…).
    private func edgeCharacter(last: Bool) -> (OpaquePointer) -> Character {
        { node in
            if cmark_node_get_type(node) == CMARK_NODE_TEXT {
                let text = self.literal(of: node)
                return (last ? text.last : text.first) ?? " "
            }
            return self.isLineBreak(node) ? " " : "*"
        }
    }

    // MARK: - Plumbing

    private func isLineBreak(_ node: OpaquePointer) -> Bool {
        let type = cmark_node_get_type(node)
        return type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK
    }


    private func makeText(_ content: String) -> OpaquePointer {
        let text = cmark_node_new(CMARK_NODE_TEXT)!
        cmark_node_set_literal(text, content)
        return text
    }

    private func makeCustomInline(open: String, close: String) -> OpaquePointer {
        let inline = cmark_node_new(CMARK_NODE_CUSTOM_INLINE)!
        cmark_node_set_on_enter(inline, open)
        cmark_node_set_on_exit(inline, close)
        return inline
    }
}
