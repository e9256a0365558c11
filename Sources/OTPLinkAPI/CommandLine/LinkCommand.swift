import ArgumentParser
import Foundation

/// `otplink-api link create|list|revoke|unlock|events`: administers links on the data folder.
struct LinkCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "link",
        abstract: "Create, list, revoke, unlock and inspect security links.",
        subcommands: [Create.self, List.self, Revoke.self, Unlock.self, Events.self]
    )

    /// `link create`: stores a file and shares it; prints the link's URL.
    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Share a file as a security link and print its URL.",
            discussion: "The URL holds the link's only copy of its token: pass it on, it cannot be shown again."
        )

        @OptionGroup var serviceOptions: ServiceOptions

        @Option(help: ArgumentHelp("The file to share.", valueName: "path"))
        var file: String

        @Option(name: .customLong("to"), parsing: .upToNextOption, help: ArgumentHelp(
            "The recipients: people or mailing lists.", valueName: "address"
        ))
        var recipients: [String] = []

        @Option(help: ArgumentHelp("Who shares the file; an internal sender lets list members use their own address.", valueName: "address"))
        var sender: String

        @Option(help: ArgumentHelp(
            "How long the link opens: 30m, 12h, 7d, 2w. Default: the policy's defaultLinkLifetime (7d unless --policy-file changes it).",
            valueName: "lifetime"))
        var expires: String?

        @Option(help: ArgumentHelp("The language of the link's page and mails.", valueName: "locale"))
        var locale: String = "en"

        @Flag(help: "Mail each recipient that the file was shared, with the link.")
        var notify = false

        @Option(help: Setting.siteURL.help) var siteURL: String?

        func validate() throws {
            guard FileManager.default.isReadableFile(atPath: file) else {
                throw ValidationError("Cannot read the file to share: \(file).")
            }
            guard !recipients.isEmpty else {
                throw ValidationError("Name at least one recipient with --to ADDRESS.")
            }
            if let expires, LinkLifetime(expires) == nil {
                throw ValidationError("--expires must be a number and a unit (m, h, d, w), such as 7d; got `\(expires)`.")
            }
            guard locale.range(of: "^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$", options: .regularExpression) != nil else {
                throw ValidationError("--locale must be a language tag such as en or ko; got `\(locale)`.")
            }
            _ = try SettingSource(environment: ProcessInfo.processInfo.environment).siteURL(siteURL)
        }

        func run() async throws {
            let siteURL = try SettingSource(environment: ProcessInfo.processInfo.environment).siteURL(siteURL)
            let console = try await serviceOptions.console(siteURL: siteURL)
            let created = try await console.createLink(
                file: URL(fileURLWithPath: file),
                recipients: recipients,
                sender: sender,
                lifetime: expires.flatMap(LinkLifetime.init)?.seconds,
                locale: locale,
                notify: notify
            )
            print(created.url)
            var note = "Link \(created.linkID) expires \(ISO8601Date.string(created.link.expiresAt))."
            if notify { note += " Notification mails are queued; the server's mail worker sends them." }
            FileHandle.standardError.write(Data((note + "\n").utf8))
        }
    }

    /// `link list`: every link, a table or `--json`.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the links: id, file, recipients, expiry, state and how often each was opened.")
        @OptionGroup var serviceOptions: ServiceOptions
        @Flag(help: "Print a JSON array instead of a table.")
        var json = false

        func run() async throws {
            let rows = try await serviceOptions.console().links()
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                print(String(decoding: try encoder.encode(rows), as: UTF8.self))
            } else {
                print(LinkListing.table(rows))
            }
        }
    }

    /// `link revoke LINK_ID`.
    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a link: it never opens again.")
        @OptionGroup var serviceOptions: ServiceOptions
        @Argument(help: ArgumentHelp("The link's id (printed by link create).", valueName: "link-id"))
        var linkID: String

        func run() async throws {
            try await serviceOptions.console().revokeLink(linkID)
            print("Revoked link \(linkID).")
        }
    }

    /// `link unlock LINK_ID`.
    struct Unlock: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Unlock a link locked by too many wrong codes.")
        @OptionGroup var serviceOptions: ServiceOptions
        @Argument(help: ArgumentHelp("The link's id (printed by link create).", valueName: "link-id"))
        var linkID: String

        func run() async throws {
            try await serviceOptions.console().unlockLink(linkID)
            print("Unlocked link \(linkID).")
        }
    }

    /// `link events LINK_ID`: the audit trail, one event a line.
    struct Events: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print a link's audit trail, oldest first.")
        @OptionGroup var serviceOptions: ServiceOptions
        @Argument(help: ArgumentHelp("The link's id (printed by link create).", valueName: "link-id"))
        var linkID: String

        func run() async throws {
            for line in try await serviceOptions.console().eventLines(linkID) {
                print(line)
            }
        }
    }
}
