import Foundation
import SMTPTestSupport

extension SMTPSink {
    /// A sink whose files go into this test run's folder (``Fixtures/temporaryFolder()``).
    static func start(_ options: Options = Options()) throws -> SMTPSink {
        try start(options, in: Fixtures.temporaryFolder())
    }
}

/// A self-signed certificate for `localhost` and `127.0.0.1`, made once per test run.
enum TestCertificate {
    struct Files: Sendable {
        var certificate: String
        var key: String
    }

    static let files: Result<Files, any Error> = Result {
        let (certificate, key) = try SelfSignedCertificate.make(in: try Fixtures.temporaryFolder())
        return Files(certificate: certificate, key: key)
    }
}
