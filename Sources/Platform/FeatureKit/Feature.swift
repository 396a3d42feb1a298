import ArgumentParser
import Foundation
import LegalCore
import Storage
import WebKit
import WorkCalendar

/// An act's feature as the executable lists it (`Sources/rasim/main.swift`, the one list): its commands, its
/// tables, its demo data, and its part of the server, made when `rasim serve` starts (it reads the feature's bundled data).
public protocol Feature: Sendable {
    /// `rasim <command>` for each.
    var commands: [any ParsableCommand.Type] { get }
    /// Its tables: migrations numbered within the feature, and the tables the audit log covers. Every command
    /// that opens the database opens it with every feature's schema.
    var schema: ModuleSchema? { get }
    /// Its routes, pages and documentation; nil for a feature with no part in the server.
    func web() throws -> (any WebFeature)?
    /// Its demo data, loaded once into an empty database after the platform's demo organizations (which it may
    /// refer to) and before the demo users (a signer may be linked to its officials), as of `asOf` — never the
    /// day the server starts.
    func loadDemo(store: Store, calendar: KazakhCalendar, asOf: Instant) async throws
}

extension Feature {
    /// No tables of its own (the acts whose tables predate module schemas have them in the platform's frozen migrations).
    public var schema: ModuleSchema? { nil }
    /// No demo data of its own.
    public func loadDemo(store: Store, calendar: KazakhCalendar, asOf: Instant) async throws {}
}

/// The features the executable serves, set once by it before any command runs (a command such as
/// `rasim serve` reads them here; a command line cannot hand values to a command type).
public enum Features {
    private final class Box: @unchecked Sendable {
        let lock = NSLock()
        var features: [any Feature] = []
    }
    private static let box = Box()
    public static var all: [any Feature] { box.lock.withLock { box.features } }
    public static func set(_ features: [any Feature]) { box.lock.withLock { box.features = features } }
}
