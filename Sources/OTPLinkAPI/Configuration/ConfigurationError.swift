/// A configuration that cannot work, with a sentence naming what and where.
public struct ConfigurationError: Error, CustomStringConvertible, Equatable {
    /// What is wrong, naming the file, flag or variable.
    public let description: String

    /// Creates the error.
    public init(_ description: String) {
        self.description = description
    }
}
