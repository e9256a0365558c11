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

    /// Parses the process's arguments and runs the chosen subcommand; exits with its status.
    ///
    /// (Calling `main()` from top-level code picks ArgumentParser's synchronous entry point,
    /// which refuses async subcommands; this runs them on the caller's task.)
    public static func runAsMain() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}
