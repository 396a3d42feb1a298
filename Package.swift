// swift-tools-version: 6.1
import PackageDescription

// The layers (docs/architecture.md; Tests/LayoutTests keeps them true): Sources/Kernel and Sources/Acts are pure —
// no I/O, never the clock; Sources/Platform knows no act; Sources/Features/<Act>Feature adapts one act.
// WebApp still holds the public-services act's routes and pages beside the platform's server; RasimCLI the platform's commands.
let package = Package(
    name: "Rasim",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "rasim", targets: ["rasim"]),
        .library(name: "LegalCore", targets: ["LegalCore"]),
        .library(name: "WorkCalendar", targets: ["WorkCalendar"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: ["FullFoundation"]),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/vapor/sql-kit", from: "3.36.0"),
        .package(url: "https://github.com/vapor/sqlite-kit", from: "4.5.2"),
        .package(url: "https://github.com/vapor/postgres-kit", from: "2.17.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
    ],
    targets: [
        // Kernel: the legal core, the calendar, identifiers — pure, importing nothing of the project but the kernel.
        .target(name: "LegalCore", path: "Sources/Kernel/LegalCore"),
        .target(name: "WorkCalendar", dependencies: ["LegalCore"], path: "Sources/Kernel/WorkCalendar"),
        .target(name: "Identifiers", path: "Sources/Kernel/Identifiers"),
        // Acts: one pure module per act, its files following the act's outline.
        .target(name: "PublicServices", dependencies: ["LegalCore", "WorkCalendar"], path: "Sources/Acts/PublicServices"),
        .target(name: "RiskAssessment", dependencies: ["LegalCore"], path: "Sources/Acts/RiskAssessment"),
        // Platform: adapters that know no act.
        .target(name: "JSONKit", dependencies: ["LegalCore", "Identifiers"], path: "Sources/Platform/JSONKit"),
        .target(name: "Storage", dependencies: [
            "LegalCore", "JSONKit",
            .product(name: "SQLKit", package: "sql-kit"),
            .product(name: "SQLiteKit", package: "sqlite-kit"),
            .product(name: "PostgresKit", package: "postgres-kit"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "Logging", package: "swift-log"),
        ], path: "Sources/Platform/Storage"),
        .target(name: "WebKit", dependencies: ["LegalCore", "Identifiers", "JSONKit", "Storage",
                                              .product(name: "Hummingbird", package: "hummingbird"),
                                              .product(name: "Mustache", package: "swift-mustache"),
                                              .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                                              .product(name: "Crypto", package: "swift-crypto")], path: "Sources/Platform/WebKit"),
        .target(name: "CommandKit", dependencies: ["LegalCore", "WorkCalendar", "JSONKit", "BundledData",
                                                  .product(name: "ArgumentParser", package: "swift-argument-parser")],
                path: "Sources/Platform/CommandKit"),
        // The interface an act's feature implements (its commands, its part of the server), and the executable's list.
        .target(name: "FeatureKit", dependencies: ["LegalCore", "WebKit", "Storage", .product(name: "ArgumentParser", package: "swift-argument-parser")],
                path: "Sources/Platform/FeatureKit"),
        .target(name: "BundledData", dependencies: ["LegalCore", "WorkCalendar"], path: "Sources/Platform/BundledData",
                resources: [.copy("Resources")]),
        // Features: each act's adapter — codec, tables, routes, pages, commands, bundled data.
        .target(name: "PublicServicesFeature", dependencies: ["LegalCore", "WorkCalendar", "PublicServices", "JSONKit", "BundledData", "CommandKit", "Storage",
                                                             "FeatureKit", "WebKit",
                                                             .product(name: "SQLKit", package: "sql-kit"),
                                                             .product(name: "ArgumentParser", package: "swift-argument-parser")],
                path: "Sources/Features/PublicServicesFeature", resources: [.copy("Resources")]),
        .target(name: "RiskFeature", dependencies: ["LegalCore", "Identifiers", "RiskAssessment", "JSONKit", "BundledData", "CommandKit", "WebKit", "Storage",
                                                   "FeatureKit",
                                                   .product(name: "Hummingbird", package: "hummingbird"),
                                                   .product(name: "SQLKit", package: "sql-kit"),
                                                   .product(name: "ArgumentParser", package: "swift-argument-parser")],
                path: "Sources/Features/RiskFeature", resources: [.copy("Resources")]),
        .target(name: "WebApp", dependencies: [
            "LegalCore", "WorkCalendar", "PublicServices", "JSONKit", "PublicServicesFeature", "Storage",
            "BundledData", "Identifiers", "WebKit",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdAuth", package: "hummingbird-auth"),
            .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Metrics", package: "swift-metrics"),
            .product(name: "Prometheus", package: "swift-prometheus"),
            .product(name: "Mustache", package: "swift-mustache"),
        ], resources: [.copy("Resources")]),
        .target(name: "RasimCLI", dependencies: [
            "LegalCore", "WorkCalendar", "Identifiers", "BundledData", "PublicServices", "JSONKit", "PublicServicesFeature",
            "Storage", "WebApp", "WebKit", "CommandKit", "FeatureKit",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "rasim", dependencies: ["RasimCLI", "FeatureKit", "PublicServicesFeature", "RiskFeature",
                                                        .product(name: "ArgumentParser", package: "swift-argument-parser")]),
        .executableTarget(name: "calendar-bench", dependencies: ["WorkCalendar", "BundledData"],
                          path: "Benchmarks/calendar/Sources"),

        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "LayoutTests"),
        .testTarget(name: "LegalCoreTests", dependencies: ["LegalCore", "TestSupport"]),
        .testTarget(name: "WorkCalendarTests", dependencies: ["TestSupport", "WorkCalendar", "BundledData"]),
        .testTarget(name: "IdentifiersTests", dependencies: ["TestSupport", "Identifiers"]),
        .testTarget(name: "StorageTests", dependencies: ["TestSupport", "Storage", "BundledData", "PublicServicesFeature", "RiskFeature"]),
        .testTarget(name: "WebAppTests", dependencies: ["TestSupport", "WebApp", "WebKit", "Storage", "BundledData", "PublicServicesFeature", "RiskFeature",
                                                        "LegalCore", "rasim",
                                                        .product(name: "HummingbirdTesting", package: "hummingbird")]),
        .testTarget(name: "RiskAssessmentTests", dependencies: ["TestSupport", "RiskAssessment", "BundledData", "RiskFeature", "RasimCLI"]),
        .testTarget(name: "PublicServicesTests", dependencies: ["TestSupport", "PublicServices", "JSONKit", "PublicServicesFeature", "BundledData", "RasimCLI"],
                    resources: [.copy("Fixtures")]),
        .testTarget(name: "RasimCLITests", dependencies: ["TestSupport", "RasimCLI", "rasim", "FeatureKit", "Storage", "WebKit", "LegalCore", "BundledData", "PublicServicesFeature",
                                                          .product(name: "SQLKit", package: "sql-kit"),
                                                          .product(name: "ArgumentParser", package: "swift-argument-parser")]),
    ],
    swiftLanguageModes: [.v6]
)
