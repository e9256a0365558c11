import Foundation
import Logging

extension APIConfiguration {
    /// The value of each setting nobody sets, written once: ``APIConfiguration/init`` takes them as its
    /// defaults, and the command line's parser and help text read them from here.
    public enum Defaults {
        /// Listen on the loopback address only.
        public static let host = "127.0.0.1"
        /// The TCP port.
        public static let port = 8080
        /// The data folder, relative to the working folder.
        public static let dataFolder = "var"
        /// The help center's base URL: the demo's, on this machine.
        public static let siteURL = URL(string: "http://127.0.0.1:8080")!
        /// The largest file `POST /admin/files` accepts: 100 MiB.
        public static let uploadLimit = 100 * 1024 * 1024
        /// Public calls per client address in a burst.
        public static let rateBurst = 30
        /// Public calls a client address regains per minute.
        public static let ratePerMinute = 60
        /// Seconds a request may take to arrive whole.
        public static let requestTimeoutSeconds = 30
        /// Connections one client address may hold at once.
        public static let connectionsPerClient = 64
        /// The email templates of a source checkout, relative to the working folder (`serve` prefers
        /// the ones installed beside its binary).
        public static let templatesFolder = "templates/email"
        /// The `From` of every mail.
        public static let mailFrom = "Help Center <no-reply@example.com>"
        /// How much the server logs.
        public static let logLevel = Logger.Level.info
    }
}
