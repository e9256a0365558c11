import Foundation
import LinkVerification
@testable import LinkMail

enum Fixtures {
    /// The repository's `templates/email` folder.
    static let templatesFolder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("templates/email")

    /// A fixed "now": Friday 27 November 2026, 05:00:00 UTC.
    static let now = Date(timeIntervalSince1970: 1_795_755_600)

    static func composer(
        from: String = "Help Center <no-reply@help.example.com>",
        now: Date = Fixtures.now
    ) throws -> MessageComposer {
        let templates = try MailTemplates(folder: templatesFolder)
        return MessageComposer(
            templates: templates,
            configuration: .init(from: try MailboxAddress(parsing: from)),
            now: { now }
        )
    }

    static func codeMail(to recipient: String = "kim@example.com", locale: String = "en", code: String = "482915") -> OutgoingMail {
        OutgoingMail(recipient: recipient, locale: locale, content: .code(code: code, expiresAt: now.addingTimeInterval(600)))
    }

    static func sharedMail(
        to recipient: String = "team@lists.example.com", locale: String = "en",
        sender: String = "alice@example.com", fileName: String = "Q3 report.pdf",
        url: String = "https://help.example.com/en/link/#tok_AbC123"
    ) -> OutgoingMail {
        OutgoingMail(
            recipient: recipient, locale: locale,
            content: .linkShared(sender: sender, fileName: fileName, url: url, expiresAt: now.addingTimeInterval(7 * 86_400))
        )
    }

    /// This test process's folder under the system's temporary folder; the folders of earlier runs
    /// whose process has ended are removed when it is made, so runs do not pile up.
    private static let runFolder: URL = {
        let temporary = FileManager.default.temporaryDirectory
        let prefix = "otplink-mail-tests-"
        for name in (try? FileManager.default.contentsOfDirectory(atPath: temporary.path)) ?? [] where name.hasPrefix(prefix) {
            if let pid = Int32(name.dropFirst(prefix.count)), kill(pid, 0) != 0, errno == ESRCH {
                try? FileManager.default.removeItem(at: temporary.appendingPathComponent(name))
            }
        }
        return temporary.appendingPathComponent(prefix + String(getpid()))
    }()

    /// A new empty folder in this run's temporary folder.
    static func temporaryFolder() throws -> URL {
        let folder = runFolder.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    /// A copy of the repository's templates in a temporary folder, to break on purpose.
    static func copyOfTemplates() throws -> URL {
        let folder = try temporaryFolder().appendingPathComponent("email")
        try FileManager.default.copyItem(at: templatesFolder, to: folder)
        return folder
    }

    /// Every line of `data` (split at CRLF) and whether any CR or LF stands alone.
    static func lines(of data: Data) -> (lines: [[UInt8]], bareLineBreak: Bool) {
        let bytes = [UInt8](data)
        var lines: [[UInt8]] = []
        var current: [UInt8] = []
        var bare = false
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 13, index + 1 < bytes.count, bytes[index + 1] == 10 {
                lines.append(current)
                current = []
                index += 2
                continue
            }
            if byte == 13 || byte == 10 { bare = true }
            current.append(byte)
            index += 1
        }
        if !current.isEmpty { bare = true } // the message must end with CRLF
        return (lines, bare)
    }
}
