import Foundation
import Testing
@testable import LinkMail

@Suite("Loading the email templates")
struct MailTemplatesTests {
    @Test("the repository's templates load, with English and Korean")
    func repositoryTemplates() throws {
        let templates = try MailTemplates(folder: Fixtures.templatesFolder)
        #expect(templates.locales == ["en", "ko"])
    }

    @Test("a broken template is a startup error naming the file, line and column")
    func brokenTemplate() throws {
        let folder = try Fixtures.copyOfTemplates()
        let file = folder.appendingPathComponent("ko/code.text.mustache")
        try "일회용 인증 코드입니다:\n\n    {{code}}\n{{#expiresAt}}만료\n".write(to: file, atomically: true, encoding: .utf8)
        let error = try #require(throws: MailTemplateError.self) { try MailTemplates(folder: folder) }
        guard case .unparsable(let path, _, _, _) = error else {
            Issue.record("expected a parse error, got \(error)")
            return
        }
        #expect(path == file.path)
        #expect(error.description.hasPrefix(file.path + ":"))
        #expect(error.description.contains("not valid mustache"))
    }

    @Test("an unclosed tag on the first line reports line 1 and its real column")
    func firstLineColumn() throws {
        let folder = try Fixtures.copyOfTemplates()
        let file = folder.appendingPathComponent("en/code.subject.mustache")
        try "Your code {{/code}}\n".write(to: file, atomically: true, encoding: .utf8)
        let error = try #require(throws: MailTemplateError.self) { try MailTemplates(folder: folder) }
        guard case .unparsable(let path, let line, let column, _) = error else {
            Issue.record("expected a parse error, got \(error)")
            return
        }
        #expect(path == file.path)
        #expect(line == 1)
        #expect(column < 25, "the column must count from the start of the file, not of an added prefix")
    }

    @Test("a missing template is a startup error naming the file")
    func missingTemplate() throws {
        let folder = try Fixtures.copyOfTemplates()
        let file = folder.appendingPathComponent("ko/link-shared.html.mustache")
        try FileManager.default.removeItem(at: file)
        #expect(throws: MailTemplateError.templateMissing(path: file.path)) { try MailTemplates(folder: folder) }
    }

    @Test("without an English folder nothing can fall back, and loading says so")
    func missingFallback() throws {
        let folder = try Fixtures.copyOfTemplates()
        try FileManager.default.removeItem(at: folder.appendingPathComponent("en"))
        let error = #expect(throws: MailTemplateError.self) { try MailTemplates(folder: folder) }
        #expect(error == .defaultLocaleMissing(path: folder.appendingPathComponent("en").path))
    }

    @Test("a missing folder is named")
    func missingFolder() throws {
        let folder = try Fixtures.temporaryFolder().appendingPathComponent("nowhere")
        #expect(throws: MailTemplateError.folderMissing(path: folder.path)) { try MailTemplates(folder: folder) }
    }

    @Test("a code body that never shows the code is refused at start")
    func bodyWithoutCode() throws {
        let folder = try Fixtures.copyOfTemplates()
        let file = folder.appendingPathComponent("en/code.text.mustache")
        try "Your code is {{cod}} until {{expiresAt}}.\n".write(to: file, atomically: true, encoding: .utf8)
        let error = try #require(throws: MailTemplateError.self) { try MailTemplates(folder: folder) }
        #expect(error == .unusable(path: file.path, reason: "does not show {{code}} when rendered (is a partial or its layout missing?)"))
    }

    @Test("an HTML body whose layout is missing is refused at start, naming the body")
    func missingLayout() throws {
        let folder = try Fixtures.copyOfTemplates()
        try FileManager.default.removeItem(at: folder.appendingPathComponent("layout.html.mustache"))
        let error = try #require(throws: MailTemplateError.self) { try MailTemplates(folder: folder) }
        guard case .unusable(let path, _) = error else {
            Issue.record("expected an unusable template, got \(error)")
            return
        }
        #expect(path.hasSuffix("/en/code.html.mustache"))
    }

    @Test("a subject that renders on two lines is refused at start")
    func twoLineSubject() throws {
        let folder = try Fixtures.copyOfTemplates()
        let file = folder.appendingPathComponent("ko/link-shared.subject.mustache")
        try "{{sender}} 님이\n파일을 공유했습니다\n".write(to: file, atomically: true, encoding: .utf8)
        #expect(throws: MailTemplateError.unusable(path: file.path, reason: "renders a subject on more than one line")) {
            try MailTemplates(folder: folder)
        }
    }

    @Test("a template that is not UTF-8 is named")
    func notUTF8() throws {
        let folder = try Fixtures.copyOfTemplates()
        let file = folder.appendingPathComponent("ko/code.subject.mustache")
        try Data([0xC0, 0xAF, 0xFF, 0x0A]).write(to: file)
        let error = try #require(throws: MailTemplateError.self) { try MailTemplates(folder: folder) }
        guard case .unreadable(let path, _) = error else {
            Issue.record("expected an unreadable template, got \(error)")
            return
        }
        #expect(path == file.path)
    }
}
