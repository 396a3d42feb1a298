import WebKit
import Foundation
import JSONKit
import LegalCore
import PublicServices
import Storage
import WorkCalendar

/// The stored catalog (passports, officials) as the PublicServices engine's values, cached in memory:
/// reloaded after the server itself changes them (the admin routes), and at most `maxAge` seconds old, so a
/// change made by a `rasim` command against the running server's database shows within that time.
public actor Catalog {
    let store: Store
    let calendar: KazakhCalendar
    private var passports: [String: ServicePassport]?
    private var passportJSON: [(String, String)] = []
    private var officialsByID: [String: Official]?
    private var officialRows: [Store.OfficialRow] = []
    private var loadedAt: Int64 = 0
    static let maxAge: Int64 = 30

    public init(store: Store, calendar: KazakhCalendar) { self.store = store; self.calendar = calendar }

    private var digestText: String?
    public func invalidate() { passports = nil; officialsByID = nil; digestText = nil }

    private func expire() {
        let now = Clock.nowEpoch()
        if now - loadedAt >= Catalog.maxAge { invalidate(); loadedAt = now }
    }

    public func services() async throws -> [String: ServicePassport] {
        expire()
        if let passports { return passports }
        var out: [String: ServicePassport] = [:]
        let rows = try await store.services()
        for (id, json) in rows {
            out[id] = try PublicServicesJSON.passport(try Stored.parse(json), "$", zones: calendar.zones)
        }
        passports = out
        passportJSON = rows
        return out
    }

    public func servicesJSON() async throws -> [(String, String)] { _ = try await services(); return passportJSON }

    public func officials() async throws -> [String: Official] {
        expire()
        if let officialsByID { return officialsByID }
        var out: [String: Official] = [:]
        let rows = try await store.officials()
        for r in rows {
            let v: JSONValue = try Stored.parse(r.absencesJSON)
            var absences: [Official.Absence] = []
            if case .array(let items) = v {
                for item in items {
                    let f = try Fields(item, path: "$")
                    // docs/reference/check.md v1.1: an official on a business trip signs with their own key; leave,
                    // sick leave and other absences bar signing (an absence without a kind is leave).
                    absences.append(Official.Absence(from: try f.date("from"), to: try f.date("to"), kind: try f.optionalOneOf("kind", AbsenceKind.self) ?? .leave))
                }
            }
            out[r.id] = Official(id: r.id, maySign: Set(r.maySign), absences: absences)
        }
        officialsByID = out
        officialRows = rows
        return out
    }

    /// A digest of the catalog as stored (every passport, every official with their rights and absences): what
    /// a kept judgement names as the catalog it was judged with.
    public func digest() async throws -> String {
        _ = try await services()
        _ = try await officials()
        if let digestText { return digestText }
        let d = Store.digest(passportJSON.flatMap { [$0.0, $0.1] } +
                             officialRows.flatMap { [$0.id, $0.organization, $0.maySign.joined(separator: ","), $0.absencesJSON] })
        digestText = d
        return d
    }

    /// Official id → the organization the official belongs to.
    public func officialOrganizations() async throws -> [String: String] {
        _ = try await officials()
        return Dictionary(officialRows.map { ($0.id, $0.organization) }, uniquingKeysWith: { a, _ in a })
    }
}

/// What the database keeps, read back: a stored JSON text, an application and its events as the engine's timeline.
public enum Stored {
    public static func parse(_ json: String) throws -> JSONValue { try JSONParser.document(json) }

    /// A stored application as the engine's timeline.
    public static func timeline(_ row: Store.ApplicationRow, _ events: [Store.EventRow], officials: [String: Official]) throws -> Application {
        var out: [Event] = []
        for e in events {
            out.append(try PublicServicesJSON.event(try Stored.parse(e.body), "$.events[\(e.seq - 1)]", index: e.seq - 1, officials: officials))
        }
        return Application(id: row.id, service: row.service, channel: Channel(rawValue: row.channel) ?? .electronic,
                           applicant: row.applicant, queuePosition: row.queuePosition, provider: row.provider, events: out)
    }

}
