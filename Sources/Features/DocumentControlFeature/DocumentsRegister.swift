import DocumentControl
import JSONKit
import LegalCore
import WorkCalendar

/// A body's stored register as the contract's input: each item's JSON with its facts applied (a fact adds fields, never
/// changes one; `extensions` grow), gathered into one document and read by the command's own reader, so every rule of
/// the contract's input applies to what is stored.
enum DocumentsRegister {
    struct Conflict: Error { let path: String }

    /// `base` with `fact`'s fields added: a field already recorded is a conflict (nested objects merge the same way);
    /// `extensions` append.
    static func merge(_ base: JSONValue, _ fact: JSONValue, path: String = "$") throws(Conflict) -> JSONValue {
        guard case .object(let pairs) = fact else { throw Conflict(path: path) }
        var out = base
        for (key, value) in pairs {
            if key == "extensions", let items = value.items {
                for item in items { guard let next = out.appending(item, to: key) else { throw Conflict(path: path + "." + key) }; out = next }
                continue
            }
            switch out[key] {
            case nil, .null?: out = out.setting(key, value)
            case .object?:
                guard case .object = value, let existing = out[key] else { throw Conflict(path: path + "." + key) }
                out = out.setting(key, try merge(existing, value, path: path + "." + key))
            default: throw Conflict(path: path + "." + key)
            }
        }
        return out
    }

    /// An item with its facts, as one JSON value (a stored conflict cannot happen: each fact was checked when recorded).
    static func merged(_ item: DocumentsStore.Item) -> JSONValue? {
        guard var v = try? JSONParser.document(item.json) else { return nil }
        for fact in item.facts {
            guard let f = try? JSONParser.document(fact), let next = try? merge(v, f) else { continue }
            v = next
        }
        return v
    }

    /// The day each entry was made after the body's first stored state (`RecordKey`; the first state — whatever was
    /// written with the body's first item, at the same instant — is taken as it stands), for `recorded_after_term`.
    static func recorded(_ items: [DocumentsStore.Item], day: (Instant) -> LocalDate) -> [String: LocalDate] {
        guard let first = items.map(\.createdAt).min() else { return [:] }
        var out: [String: LocalDate] = [:]
        func note(_ key: String, _ at: String) {
            guard at != first, let instant = Instant(iso: at) else { return }
            let d = day(instant)
            if out[key].map({ d < $0 }) ?? true { out[key] = d }
        }
        func fields(_ item: DocumentsStore.Item, _ value: JSONValue, _ at: String) {
            guard case .object(let pairs) = value else { return }
            for (key, field) in pairs where key != "id" && key != "unit" {
                if key == "extensions", let list = field.items {
                    for e in list {
                        guard case .string(let to)? = e["to"], case .string(let granted)? = e["grantedOn"], let t = LocalDate(to), let g = LocalDate(granted) else { continue }
                        note(RecordKey.extensionOf(item.id, grantedOn: g, to: t), at)
                    }
                } else {
                    note(RecordKey.field(item.id, key), at)
                }
            }
        }
        for item in items where item.kind != .settings {
            guard let value = try? JSONParser.document(item.json) else { continue }
            switch item.kind {
            case .lists: if case .string(let on)? = value["on"], let d = LocalDate(on) { note(RecordKey.weeklyList(d), item.createdAt) }
            case .summaries: if case .string(let month)? = value["month"] { note(RecordKey.summary(month), item.createdAt) }
            case .meetings: note(RecordKey.meeting(item.id), item.createdAt)
            default: fields(item, value, item.createdAt)
            }
            for (i, fact) in item.facts.enumerated() where i < item.factRecords.count {
                if let f = try? JSONParser.document(fact) { fields(item, f, item.factRecords[i].at) }
            }
        }
        return out
    }

    /// Where an item of a kind sits in the input document, for paths.
    static func list(_ kind: DocumentsStore.Kind) -> String {
        switch kind {
        case .meetings: return "collegium.meetings"
        case .summaries: return "monitoring.summaries"
        case .lists: return "controlService.weeklyLists"
        default: return kind.rawValue
        }
    }

    /// The input document of one body's items, with asOf `asOf` (ISO text).
    static func document(_ items: [DocumentsStore.Item], asOf: String) -> (text: String, positions: [String: String]) {
        var lists: [DocumentsStore.Kind: [JSONValue]] = [:]
        var positions: [String: String] = [:]
        var settings = JSONValue.object([])
        for item in items {
            guard let v = merged(item) else { continue }
            if item.kind == .settings { settings = v.withoutNulls; continue }
            positions[item.id] = "$.\(list(item.kind))[\(lists[item.kind, default: []].count)]"
            lists[item.kind, default: []].append(item.kind == .lists ? (v["on"] ?? .null) : v)
        }
        var pairs: [(String, JSONValue)] = [("asOf", .string(asOf))]
        if let schedule = settings["schedule"] { pairs.append(("schedule", schedule)) }
        for kind in [DocumentsStore.Kind.incoming, .outgoing, .controlled, .drafts, .plans] { pairs.append((kind.rawValue, .array(lists[kind] ?? []))) }
        var collegium: [(String, JSONValue)] = [("meetings", .array(lists[.meetings] ?? []))]
        if let since = settings["collegiumSince"] { collegium.insert(("since", since), at: 0) }
        pairs.append(("collegium", .object(collegium)))
        if let since = settings["monitoringSince"] { pairs.append(("monitoring", .object([("since", since), ("summaries", .array(lists[.summaries] ?? []))]))) }
        if let since = settings["controlServiceSince"] { pairs.append(("controlService", .object([("since", since), ("weeklyLists", .array(lists[.lists] ?? []))]))) }
        return (JSONValue.object(pairs).text, positions)
    }
}

private extension JSONValue {
    /// An object without its null fields (an omitted setting, as the schema allows it to be sent).
    var withoutNulls: JSONValue {
        guard case .object(let pairs) = self else { return self }
        return .object(pairs.filter { if case .null = $0.1 { return false } else { return true } })
    }
}
