import Foundation
import JSONKit
import PublicServices
import Storage
import WebKit
import WorkCalendar

/// PS-VIOLATIONS-2025's records of a real install: the service catalog and the officials (signing rights,
/// absences, acting deputies), for the `rasim service` and `rasim official` commands and the admin routes.
extension Admin {
    // MARK: services

    /// Passports as in docs/reference/check.md: `{"services": [...]}`, a list, or one passport. Every passport is
    /// validated (the same reader `rasim check` uses) before any is stored; an id twice is invalid. Existing
    /// ids are replaced. Returns the ids, in input order.
    public static func importServices(_ v: JSONValue, store: Store, zones: ZoneTable, actor: String) async throws -> [String] {
        var items: [(JSONValue, String)] = []
        switch v {
        case .array(let list): items = list.enumerated().map { ($0.element, "$[\($0.offset)]") }
        case .object:
            let f = try fields(v)
            if let s = f.optional("services") {
                guard case .array(let list) = s else { throw Failure(.invalid, "expected a list, got \(s.typeName)", path: "$.services") }
                items = list.enumerated().map { ($0.element, "$.services[\($0.offset)]") }
            } else {
                items = [(v, "$")]
            }
        default: throw Failure(.invalid, "expected {\"services\": [passports]}, a list of passports or one passport, got \(v.typeName)", path: "$")
        }
        guard !items.isEmpty else { throw Failure(.invalid, "no service passport to import", path: "$.services") }
        var seen: [String: String] = [:]
        var parsed: [(String, String)] = []
        for (item, path) in items {
            let p = try input { () throws(InputError) in try PublicServicesJSON.passport(item, path, zones: zones) }
            _ = try identifier(p.id, path: path + ".id")
            if let first = seen[p.id] { throw Failure(.rule, "service \"\(p.id)\" appears twice (first at \(first))", path: path + ".id") }
            seen[p.id] = path
            parsed.append((p.id, item.text))
        }
        for (id, json) in parsed { try await store.putService(id: id, passport: json, actor: actor) }
        return parsed.map(\.0)
    }

    // MARK: officials

    /// `{"id", "organization", "name", "maySign": [service ids]}`: adds an official or, for an existing id,
    /// replaces the organization, name and signing rights (the absences stay).
    public static func putOfficial(_ v: JSONValue, store: Store, actor: String) async throws -> (Store.OfficialRow, created: Bool) {
        let f = try fields(v)
        let id = try identifier(try input { () throws(InputError) in try f.string("id") }, path: "$.id")
        let organization = try input { () throws(InputError) in try f.identifier("organization") }
        let name = try name(try input { () throws(InputError) in try f.string("name") }, path: "$.name")
        let maySign = try input { () throws(InputError) in try f.identifiers("maySign", default: []) }
        guard try await store.organization(id: organization) != nil else {
            throw Failure(.notFound, "organization \"\(organization)\" does not exist (rasim org add)", path: "$.organization")
        }
        let services = Set(try await store.services().map(\.id))
        for (i, s) in maySign.enumerated() where !services.contains(s) {
            throw Failure(.notFound, "service \"\(s)\" is not in the catalog (rasim service import)", path: "$.maySign[\(i)]")
        }
        let existing = try await store.official(id: id)
        var seen = Set<String>()
        let row = Store.OfficialRow(id: id, organization: organization, name: name, maySign: maySign.filter { seen.insert($0).inserted },
                                    absencesJSON: existing?.absencesJSON ?? "[]")
        try await store.putOfficial(row, actor: actor)
        return (row, existing == nil)
    }

    /// `{"from", "to", "kind"?, "deputy"?}` for the official `official`: `kind` is leave (the default),
    /// sick_leave, business_trip or other; `deputy` an official of the same organization who acts meanwhile.
    /// Returns the stored absence.
    public static func addAbsence(official: String, _ v: JSONValue, store: Store, actor: String) async throws -> String {
        let f = try fields(v)
        let from = try input { () throws(InputError) in try f.date("from") }
        let to = try input { () throws(InputError) in try f.date("to") }
        guard from <= to else { throw Failure(.rule, "\"to\" (\(to)) is before \"from\" (\(from))", path: "$.to") }
        let kind = try input { () throws(InputError) in try f.optionalOneOf("kind", AbsenceKind.self) } ?? .leave
        let deputy = try input { () throws(InputError) in try f.optionalIdentifier("deputy") }
        guard let who = try await store.official(id: official) else {
            throw Failure(.notFound, "official \"\(official)\" does not exist (rasim official add)", path: "$.official")
        }
        if let deputy {
            guard deputy != official else { throw Failure(.rule, "an official cannot be their own deputy", path: "$.deputy") }
            guard let d = try await store.official(id: deputy) else {
                throw Failure(.notFound, "official \"\(deputy)\" does not exist", path: "$.deputy")
            }
            guard d.organization == who.organization else {
                throw Failure(.rule, "deputy \(deputy) is an official of \(d.organization), not of \(who.organization)", path: "$.deputy")
            }
        }
        var pairs = [("from", JSONText.string(from.description)), ("to", JSONText.string(to.description)), ("kind", JSONText.string(kind.rawValue))]
        if let deputy { pairs.append(("deputy", JSONText.string(deputy))) }
        let absence = JSONText.object(pairs)
        do { _ = try await store.addAbsence(official: official, absence: absence, actor: actor) } catch StorageError.notFound(let m) {
            throw Failure(.notFound, m, path: "$.official")
        }
        return absence
    }

    public static func officialJSON(_ o: Store.OfficialRow) -> String {
        JSONText.object([("id", JSONText.string(o.id)), ("organization", JSONText.string(o.organization)), ("name", JSONText.string(o.name)),
                         ("maySign", JSONText.array(o.maySign.map(JSONText.string))), ("absences", o.absencesJSON)])
    }
}
