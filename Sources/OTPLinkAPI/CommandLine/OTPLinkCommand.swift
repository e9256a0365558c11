import ArgumentParser

/// `otplink-api`: serves the verification API, or administers a data folder directly.
public struct OTPLinkCommand: AsyncParsableCommand {
    /// The command's name, summary and subcommands.
    public static let configuration = CommandConfiguration(
        commandName: "otplink-api",
        abstract: "The one-time-code verification API behind security links.",
        discussion: """
            Every option of `serve` can also be set with an OTPLINK_* environment variable
            (a flag wins over the variable). The admin commands work on the data folder
            directly; no server needs to run.
            """,
        subcommands: [ServeCommand.self, DirectoryCommand.self, LinkCommand.self],
        defaultSubcommand: nil
    )

    /// Creates the command (ArgumentParser fills it).
    public init() {}
}
