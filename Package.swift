// swift-tools-version: 6.0
import PackageDescription

// Pure core modules (LegalCore, WorkCalendar, Identifiers) do no I/O and never read the clock.
// Adapters (BundledData reads files, RasimCLI talks to the terminal) depend on the core, never the reverse.
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
    ],
    targets: [
        .target(name: "LegalCore"),
        .target(name: "WorkCalendar", dependencies: ["LegalCore"]),
        .target(name: "Identifiers"),
        .target(name: "PublicServices", dependencies: ["LegalCore", "WorkCalendar"]),
        .target(name: "RiskAssessment", dependencies: ["LegalCore"]),
        .target(name: "InputFormats", dependencies: ["LegalCore", "WorkCalendar", "PublicServices"]),
        .target(name: "BundledData", dependencies: ["WorkCalendar", "PublicServices", "InputFormats", "RiskAssessment"],
                resources: [.copy("Resources")]),
        .target(name: "RasimCLI", dependencies: [
            "LegalCore", "WorkCalendar", "Identifiers", "BundledData", "PublicServices", "InputFormats", "RiskAssessment",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "rasim", dependencies: ["RasimCLI"]),
        .executableTarget(name: "calendar-bench", dependencies: ["WorkCalendar", "BundledData"],
                          path: "Benchmarks/calendar/Sources"),

        .testTarget(name: "LegalCoreTests", dependencies: ["LegalCore"]),
        .testTarget(name: "WorkCalendarTests", dependencies: ["WorkCalendar", "BundledData"]),
        .testTarget(name: "IdentifiersTests", dependencies: ["Identifiers"]),
        .testTarget(name: "RiskAssessmentTests", dependencies: ["RiskAssessment", "BundledData", "RasimCLI"]),
        .testTarget(name: "PublicServicesTests", dependencies: ["PublicServices", "InputFormats", "BundledData", "RasimCLI"],
                    resources: [.copy("Fixtures")]),
        .testTarget(name: "RasimCLITests", dependencies: ["RasimCLI", "rasim"]),
    ],
    swiftLanguageModes: [.v6]
)
