// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "otplink",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "helpgen", targets: ["helpgen"]),
        .executable(name: "otplink-api", targets: ["otplink-api"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.3"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    ],
    targets: [
        // MARK: helpgen, the static-site generator
        .systemLibrary(
            name: "CCmark",
            pkgConfig: "libcmark",
            providers: [.apt(["libcmark-dev"])]
        ),
        .target(name: "HelpSite", dependencies: [
            "CCmark",
            .product(name: "Mustache", package: "swift-mustache"),
            .product(name: "Yams", package: "Yams"),
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        .executableTarget(name: "helpgen", dependencies: [
            "HelpSite",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .testTarget(
            name: "HelpSiteTests",
            dependencies: ["HelpSite", "helpgen"],
            exclude: ["Fixtures", "Support"]
        ),

        // MARK: otplink-api, the verification service
        // gzip of the static site served from memory.
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        .target(name: "LinkVerification", dependencies: [
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        .target(name: "LinkStorage", dependencies: [
            "LinkVerification",
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "PostgresNIO", package: "postgres-nio"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .target(name: "LinkMail", dependencies: [
            "LinkVerification",
            .product(name: "Mustache", package: "swift-mustache"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
        ]),
        .target(
            name: "OTPLinkAPI",
            dependencies: [
                "LinkVerification", "LinkStorage", "LinkMail", "CZlib",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "NIOHTTPTypesHTTP1", package: "swift-nio-extras"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            resources: [.copy("Resources/openapi.yaml")]
        ),
        .executableTarget(name: "otplink-api", dependencies: ["OTPLinkAPI"]),
        .testTarget(name: "LinkVerificationTests", dependencies: ["LinkVerification"]),
        .testTarget(name: "LinkStorageTests", dependencies: [
            "LinkStorage", "LinkVerification", "PostgresTestSupport", .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        // The throwaway PostgreSQL server (Debian's postgresql) the PostgreSQL store tests run against.
        .target(
            name: "PostgresTestSupport",
            dependencies: [
                "LinkStorage",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/PostgresTestSupport",
            exclude: ["throwaway_postgres.py"]
        ),
        // The SMTP server (aiosmtpd) the mail tests send to.
        .target(name: "SMTPTestSupport", path: "Tests/SMTPTestSupport", exclude: ["smtp_sink.py"]),
        .testTarget(name: "LinkMailTests", dependencies: ["LinkMail", "SMTPTestSupport"]),
        .testTarget(name: "OTPLinkAPITests", dependencies: [
            "OTPLinkAPI", "LinkVerification", "LinkStorage", "LinkMail",
            .product(name: "HummingbirdTesting", package: "hummingbird"),
            .product(name: "Yams", package: "Yams"),
            .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        .testTarget(
            name: "MailEndToEndTests",
            dependencies: [
                "otplink-api", "OTPLinkAPI", "LinkMail", "LinkVerification", "SMTPTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
    ]
)
