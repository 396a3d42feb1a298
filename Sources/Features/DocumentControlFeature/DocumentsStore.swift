import Foundation
import SQLKit
import Storage

/// MODEL-REG-2008's tables. A body's register is kept as it is done: each item (a letter, an outgoing document, a
/// controlled document, a draft, a plan, a collegium meeting, a monitoring summary, a weekly list, the body's settings)
/// written once as the route received it, and every later event of it — a letter delivered, a term extended, a draft's
/// conclusion — a new dated fact appended to it, never an overwrite (a field once recorded stays). Each write audited in
/// the platform's hash chain with the rows it produced.
public enum DocumentsStore {
    /// What the register holds: the contract's sections, and the parts of the collegium, monitoring and control service.
    public enum Kind: String, Sendable, CaseIterable { case incoming, outgoing, controlled, drafts, plans, meetings, summaries, lists, settings }

    public static let schema = ModuleSchema(
        module: "documents",
        migrations: [
            Migrations.Migration(version: 1, name: "documents_items and documents_facts: a body's register under MODEL-REG-2008") { db in
                try await db.create(table: "documents_items")
                    .column("body", type: .text, .notNull)
                    .column("id", type: .text, .notNull)
                    .column("kind", type: .text, .notNull)
                    .column("unit", type: .text)
                    .column("json", type: .text, .notNull)
                    .column("created_at", type: .text, .notNull)
                    .column("created_by", type: .text, .notNull)
                    .primaryKey("body", "id")
                    .run()
                try await db.create(table: "documents_facts")
                    .column("body", type: .text, .notNull)
                    .column("item", type: .text, .notNull)
                    .column("seq", type: .text, .notNull)
                    .column("json", type: .text, .notNull)
                    .column("recorded_at", type: .text, .notNull)
                    .column("recorded_by", type: .text, .notNull)
                    .primaryKey("body", "item", "seq")
                    .run()
            },
        ],
        auditedTables: [
            .init(name: "documents_items", key: ["body", "id"],
                  columns: [("body", .text), ("id", .text), ("kind", .text), ("unit", .optionalText), ("json", .text), ("created_at", .text), ("created_by", .text)]),
            .init(name: "documents_facts", key: ["body", "item", "seq"],
                  columns: [("body", .text), ("item", .text), ("seq", .text), ("json", .text), ("recorded_at", .text), ("recorded_by", .text)]),
        ])

    /// A fact's sequence number as its key: zero-padded, so that text order is the order recorded.
    static func sequence(_ n: Int) -> String { Store.sequenceKey(n) }

    public struct Item: Sendable {
        public var body: String
        public var id: String
        public var kind: Kind
        public var unit: String?
        public var json: String
        /// Its facts' JSON objects, in the order recorded.
        public var facts: [String] = []
        /// When and by whom the item was written, and each fact (in `facts`' order): a back-dated entry shows.
        public var createdAt = "", createdBy = ""
        public var factRecords: [(at: String, by: String)] = []
    }
}

extension Store {
    /// A body's items (every body's when nil) with their facts, in the order written.
    public func documentsItems(body: String? = nil) async throws -> [DocumentsStore.Item] {
        try await database.read { db in
            let items = db.select().columns("body", "id", "kind", "unit", "json", "created_at", "created_by").from("documents_items")
            let facts = db.select().columns("body", "item", "json", "recorded_at", "recorded_by").from("documents_facts")
            if let body { items.where("body", .equal, SQLBind(body)); facts.where("body", .equal, SQLBind(body)) }
            var out: [DocumentsStore.Item] = []
            var index: [String: Int] = [:]
            for row in try await items.orderBy("body").orderBy("created_at").orderBy("id").all() {
                let body = try row.decode(column: "body", as: String.self), id = try row.decode(column: "id", as: String.self)
                guard let kind = DocumentsStore.Kind(rawValue: try row.decode(column: "kind", as: String.self)) else { continue }
                index[body + "\u{1F}" + id] = out.count
                var item = DocumentsStore.Item(body: body, id: id, kind: kind, unit: try row.decode(column: "unit", as: String?.self), json: try row.decode(column: "json", as: String.self))
                item.createdAt = try row.decode(column: "created_at", as: String.self); item.createdBy = try row.decode(column: "created_by", as: String.self)
                out.append(item)
            }
            for row in try await facts.orderBy("body").orderBy("item").orderBy("seq").all() {
                let key = try row.decode(column: "body", as: String.self) + "\u{1F}" + row.decode(column: "item", as: String.self)
                guard let i = index[key] else { continue }
                out[i].facts.append(try row.decode(column: "json", as: String.self))
                out[i].factRecords.append((try row.decode(column: "recorded_at", as: String.self), try row.decode(column: "recorded_by", as: String.self)))
            }
            return out
        }
    }

    /// Each body with a register and the units its items belong to (nil: the body's own), without reading the items.
    public func documentsBodies() async throws -> [(body: String, units: Set<String?>)] {
        try await database.read { db in
            var out: [(body: String, units: Set<String?>)] = []
            for row in try await db.select().distinct().columns("body", "unit").from("documents_items").orderBy("body").all() {
                let body = try row.decode(column: "body", as: String.self), unit = try row.decode(column: "unit", as: String?.self)
                if out.last?.body == body { out[out.count - 1].units.insert(unit) } else { out.append((body, [unit])) }
            }
            return out
        }
    }

    /// What changes whenever a body's register does (items and facts are only ever added): their counts and latest
    /// timestamps — a read of two index ranges, to know whether a parsed register is still current.
    public func documentsStamp(body: String) async throws -> String {
        try await database.read { db in
            var parts: [String] = []
            for (table, column) in [("documents_items", "created_at"), ("documents_facts", "recorded_at")] {
                let row = try await db.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").column(SQLFunction("MAX", args: SQLColumn(column)), as: "last")
                    .from(table).where("body", .equal, SQLBind(body)).first()
                parts.append("\(try row?.decode(column: "n", as: Int.self) ?? 0)@\(try row?.decode(column: "last", as: String?.self) ?? "")")
            }
            return parts.joined(separator: "/")
        }
    }

    /// Stores a new item; false when the body already has one with that id (nothing written).
    public func addDocumentsItem(body: String, id: String, kind: DocumentsStore.Kind, unit: String?, json: String, actor: String) async throws -> Bool {
        try await database.write { db in
            let existing = try await db.select().column("id").from("documents_items").where("body", .equal, SQLBind(body)).where("id", .equal, SQLBind(id)).first()
            guard existing == nil else { return false }
            try await db.insert(into: "documents_items").columns("body", "id", "kind", "unit", "json", "created_at", "created_by")
                .values(SQLBind(body), SQLBind(id), SQLBind(kind.rawValue), SQLBind(unit), SQLBind(json), SQLBind(Clock.nowISO()), SQLBind(actor)).run()
            try await Audit.append(db, actor: actor, action: "documents.\(kind.rawValue).create", entity: "documents:\(body)/\(id)", payload: json,
                                   wrote: [("documents_items", [body, id])])
            return true
        }
    }

    /// A body's register as it already stood, written at once: every item and its facts in one transaction with one
    /// timestamp — the body's first stored state, taken as it stands (`recorded_after_term` looks only at later entries).
    /// False, with nothing written, when the body already has a register.
    public func importDocuments(body: String, items: [DocumentsStore.Item], actor: String) async throws -> Bool {
        try await database.write { db in
            guard try await db.select().column("id").from("documents_items").where("body", .equal, SQLBind(body)).first() == nil else { return false }
            let now = Clock.nowISO()
            var wrote: [(table: String, key: [String])] = []
            for item in items {
                try await db.insert(into: "documents_items").columns("body", "id", "kind", "unit", "json", "created_at", "created_by")
                    .values(SQLBind(body), SQLBind(item.id), SQLBind(item.kind.rawValue), SQLBind(item.unit), SQLBind(item.json), SQLBind(now), SQLBind(actor)).run()
                wrote.append(("documents_items", [body, item.id]))
                for (i, fact) in item.facts.enumerated() {
                    let key = DocumentsStore.sequence(i + 1)
                    try await db.insert(into: "documents_facts").columns("body", "item", "seq", "json", "recorded_at", "recorded_by")
                        .values(SQLBind(body), SQLBind(item.id), SQLBind(key), SQLBind(fact), SQLBind(now), SQLBind(actor)).run()
                    wrote.append(("documents_facts", [body, item.id, key]))
                }
            }
            try await Audit.append(db, actor: actor, action: "documents.import", entity: "documents:\(body)",
                                   payload: "{\"items\": \(items.count), \"facts\": \(wrote.count - items.count)}", wrote: wrote)
            return true
        }
    }

    /// Appends a fact to an item; its sequence number. `check` runs in the write transaction with the facts already
    /// recorded (two writers cannot both add a field) and throws to refuse.
    public func addDocumentsFact(body: String, item: String, json: String, actor: String, check: @escaping @Sendable ([String]) throws -> Void) async throws -> Int {
        try await database.write { db in
            let recorded = try await db.select().columns("seq", "json").from("documents_facts").where("body", .equal, SQLBind(body))
                .where("item", .equal, SQLBind(item)).orderBy("seq").all()
            try check(try recorded.map { try $0.decode(column: "json", as: String.self) })
            let seq = recorded.count + 1
            let key = DocumentsStore.sequence(seq)
            try await db.insert(into: "documents_facts").columns("body", "item", "seq", "json", "recorded_at", "recorded_by")
                .values(SQLBind(body), SQLBind(item), SQLBind(key), SQLBind(json), SQLBind(Clock.nowISO()), SQLBind(actor)).run()
            try await Audit.append(db, actor: actor, action: "documents.fact.create", entity: "documents:\(body)/\(item)", payload: json,
                                   wrote: [("documents_facts", [body, item, key])])
            return seq
        }
    }
}
