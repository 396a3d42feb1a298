import Foundation
import JSONKit
import SQLKit
import Storage

/// PS-VIOLATIONS-2025's catalog as stored: the services' passports and the officials who sign (their rights
/// and absences), each write audited through the platform's audited-write API.
extension Store {
    public struct OfficialRow: Sendable, Hashable {
        public var id: String; public var organization: String; public var name: String
        public var maySign: [String]; public var absencesJSON: String
        public init(id: String, organization: String, name: String, maySign: [String], absencesJSON: String) {
            self.id = id; self.organization = organization; self.name = name; self.maySign = maySign; self.absencesJSON = absencesJSON
        }
    }

    public func putService(id: String, passport: String, actor: String) async throws {
        try await database.write { db in
            try await db.insert(into: "services").columns("id", "passport", "updated_at")
                .values(SQLBind(id), SQLBind(passport), SQLBind(Clock.nowISO()))
                .onConflict(with: ["id"]) { $0.set(excludedValueOf: "passport").set(excludedValueOf: "updated_at") }
                .run()
            try await Audit.append(db, actor: actor, action: "service.put", entity: "service:\(id)", payload: passport, wrote: [("services", [id])])
        }
    }

    /// (id, passport JSON) of every service.
    public func services() async throws -> [(id: String, passport: String)] {
        try await database.read { db in
            try await db.select().columns("id", "passport").from("services").orderBy("id").all().map {
                (try $0.decode(column: "id", as: String.self), try $0.decode(column: "passport", as: String.self))
            }
        }
    }

    public func putOfficial(_ o: OfficialRow, actor: String) async throws {
        try await database.write { db in
            let maySign = JSONText.array(o.maySign.map(JSONText.string))
            try await db.insert(into: "officials").columns("id", "organization", "name", "may_sign", "absences")
                .values(SQLBind(o.id), SQLBind(o.organization), SQLBind(o.name), SQLBind(maySign), SQLBind(o.absencesJSON))
                .onConflict(with: ["id"]) {
                    $0.set(excludedValueOf: "organization").set(excludedValueOf: "name").set(excludedValueOf: "may_sign").set(excludedValueOf: "absences")
                }
                .run()
            try await Audit.append(db, actor: actor, action: "official.put", entity: "official:\(o.id)",
                                   payload: "{\"organization\":\(JSONText.string(o.organization)),\"maySign\":\(maySign),\"absences\":\(o.absencesJSON)}",
                                   wrote: [("officials", [o.id])])
        }
    }

    public func officials() async throws -> [OfficialRow] {
        try await database.read { db in
            try await db.select().columns("id", "organization", "name", "may_sign", "absences").from("officials").orderBy("id").all().map {
                OfficialRow(id: try $0.decode(column: "id", as: String.self), organization: try $0.decode(column: "organization", as: String.self),
                            name: try $0.decode(column: "name", as: String.self),
                            maySign: (try? JSONDecoder().decode([String].self, from: Data(try $0.decode(column: "may_sign", as: String.self).utf8))) ?? [],
                            absencesJSON: try $0.decode(column: "absences", as: String.self))
            }
        }
    }

    public func official(id: String) async throws -> OfficialRow? {
        try await officials().first { $0.id == id }
    }

    /// Appends one absence (a JSON object) to an official's list, read and written in one transaction.
    /// Returns the new list.
    public func addAbsence(official: String, absence: String, actor: String) async throws -> String {
        try await database.write { db in
            guard let row = try await db.select().column("absences").from("officials").where("id", .equal, SQLBind(official)).first() else {
                throw StorageError.notFound("official \"\(official)\" does not exist")
            }
            let current = try row.decode(column: "absences", as: String.self).trimmingCharacters(in: .whitespacesAndNewlines)
            let inner = current.dropFirst().dropLast().trimmingCharacters(in: .whitespacesAndNewlines)
            let list = "[" + (inner.isEmpty ? "" : inner + ", ") + absence + "]"
            try await db.update("officials").set("absences", to: SQLBind(list)).where("id", .equal, SQLBind(official)).run()
            try await Audit.append(db, actor: actor, action: "official.absence", entity: "official:\(official)", payload: absence,
                                   wrote: [("officials", [official])])
            return list
        }
    }
}
