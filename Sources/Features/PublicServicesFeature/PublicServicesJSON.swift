import JSONKit
import LegalCore
import PublicServices
import WorkCalendar

/// The JSON of docs/reference/check.md, read into the PublicServices model with errors that name their path.
public enum PublicServicesJSON {
    public static func term(_ v: JSONValue, _ path: String) throws(InputError) -> Term {
        let f = try Fields(v, path: path)
        guard case .object(let pairs) = v, pairs.count == 1 else {
            throw InputError("a term is exactly one of {\"workingDays\": N}, {\"calendarDays\": N}, {\"tauliks\": N}, {\"hours\": N}, {\"sameDay\": true}", path: path)
        }
        switch pairs[0].0 {
        case "workingDays": return .workingDays(try f.int("workingDays", min: 0, max: 3650))
        case "calendarDays": return .calendarDays(try f.int("calendarDays", min: 0, max: 3650))
        case "tauliks": return .tauliks(try f.int("tauliks", min: 0, max: 3650))
        case "hours": return .hours(try f.int("hours", min: 0, max: 24 * 3650))
        case "sameDay":
            guard try f.bool("sameDay", default: false) else { throw InputError("sameDay must be true", path: f.at("sameDay")) }
            return .sameDay
        default:
            throw InputError("unknown term unit \"\(pairs[0].0)\": expected workingDays, calendarDays, tauliks, hours or sameDay", path: f.at(pairs[0].0))
        }
    }

    public static func passport(_ v: JSONValue, _ path: String, zones: ZoneTable) throws(InputError) -> ServicePassport {
        let f = try Fields(v, path: path)
        let id = try f.identifier("id")
        var schedule = OfficeSchedule(timeZone: "Asia/Almaty", open: TimeOfDay("09:00")!, close: TimeOfDay("18:30")!)
        if let s = f.optional("schedule") {
            let sf = try Fields(s, path: f.at("schedule"))
            if let z = try sf.optionalString("timeZone") {
                do { _ = try zones.resolve(z) } catch { throw InputError(error.description, path: sf.at("timeZone")) }
                schedule.timeZone = z
            }
            if let o = try sf.optionalString("open") {
                guard let t = TimeOfDay(o) else { throw InputError("\"\(o)\" is not a time HH:MM", path: sf.at("open")) }
                schedule.open = t
            }
            if let c = try sf.optionalString("close") {
                guard let t = TimeOfDay(c) else { throw InputError("\"\(c)\" is not a time HH:MM", path: sf.at("close")) }
                schedule.close = t
            }
            guard schedule.open < schedule.close else { throw .rule("closing time must be after opening time", path: sf.at("close")) }
        }
        var passport = ServicePassport(
            id: id,
            name: f.optional("name") == nil ? LocalizedText(kk: id, ru: id, en: id) : try f.localized("name"),
            term: try term(f.required("term"), f.at("term")),
            refusalTerm: try f.optional("refusalTerm").map { v throws(InputError) in try term(v, f.at("refusalTerm")) },
            hearingRequired: try f.bool("hearingRequired", default: false),
            free: try f.bool("free", default: true),
            permitCategory: try f.optionalOneOf("permitCategory", ServicePassport.PermitCategory.self) ?? .none,
            requiredDocuments: try f.identifiers("requiredDocuments", default: []),
            obtainedFromSystems: try f.identifiers("obtainedFromSystems", default: []),
            schedule: schedule,
            queue: try f.bool("queue", default: false))
        passport.refusalGrounds = try refusalGrounds(f)
        passport.versions = try versions(v, f, zones: zones)
        return passport
    }

    /// `refusalGrounds`: the closed list of grounds a refusal may name (docs/reference/check.md v1.1); nil when absent.
    static func refusalGrounds(_ f: Fields) throws(InputError) -> [ServicePassport.ListedGround]? {
        guard let v = f.optional("refusalGrounds") else { return nil }
        guard case .array(let items) = v else { throw InputError("expected a list of grounds, got \(v.typeName)", path: f.at("refusalGrounds")) }
        var seen = Set<String>()
        var out: [ServicePassport.ListedGround] = []
        for (i, item) in items.enumerated() {
            let g = try Fields(item, path: f.at("refusalGrounds") + "[\(i)]")
            let id = try g.identifier("id")
            guard seen.insert(id).inserted else { throw .rule("ground \"\(id)\" is listed twice", path: g.at("id")) }
            out.append(ServicePassport.ListedGround(id: id, text: try g.localized("text"), citation: try g.optionalName("citation")))
        }
        return out
    }

    /// `versions`: each `{"from", …fields that changed}`, in date order; a version holds the fields of the one
    /// before it (or of the passport) that it does not change (docs/reference/check.md v1.1).
    static func versions(_ v: JSONValue, _ f: Fields, zones: ZoneTable) throws(InputError) -> [ServicePassport.Version] {
        guard let list = f.optional("versions") else { return [] }
        guard case .array(let items) = list else { throw InputError("expected a list of versions, got \(list.typeName)", path: f.at("versions")) }
        guard case .object(let base) = v else { return [] }
        var current = base.filter { $0.0 != "versions" }
        var out: [ServicePassport.Version] = []
        for (i, item) in items.enumerated() {
            let path = f.at("versions") + "[\(i)]"
            let vf = try Fields(item, path: path)
            let from = try vf.date("from")
            if let last = out.last, from <= last.from {
                throw .rule("versions must be in date order: \(from) does not come after \(last.from)", path: vf.at("from"))
            }
            guard case .object(let changed) = item else { continue }
            for key in ["id", "versions"] where changed.contains(where: { $0.0 == key }) {
                throw .rule("a version cannot change \(key)", path: vf.at(key))
            }
            for (key, value) in changed where key != "from" {
                if let k = current.firstIndex(where: { $0.0 == key }) { current[k].1 = value } else { current.append((key, value)) }
            }
            out.append(ServicePassport.Version(from: from, passport: try passport(.object(current), path, zones: zones)))
        }
        return out
    }

    public static func official(_ v: JSONValue, _ path: String, services: [String: ServicePassport]) throws(InputError) -> Official {
        let f = try Fields(v, path: path)
        let id = try f.identifier("id")
        let maySign = try f.identifiers("maySign", default: [])
        for (i, s) in maySign.enumerated() where services[s] == nil {
            throw InputError("unknown service \"\(s)\"", path: f.at("maySign") + "[\(i)]")
        }
        var absences: [Official.Absence] = []
        if let a = f.optional("absences") {
            guard case .array(let items) = a else { throw InputError("expected a list, got \(a.typeName)", path: f.at("absences")) }
            for (i, item) in items.enumerated() {
                let af = try Fields(item, path: f.at("absences") + "[\(i)]")
                let from = try af.date("from"), to = try af.date("to")
                guard from <= to else { throw InputError("\"to\" (\(to)) is before \"from\" (\(from))", path: af.at("to")) }
                // check.md v1.1: absences have a kind (default leave); a business trip does not bar signing.
                absences.append(Official.Absence(from: from, to: to, kind: try af.optionalOneOf("kind", AbsenceKind.self) ?? .leave))
            }
        }
        return Official(id: id, maySign: Set(maySign), absences: absences)
    }

    public static func application(_ v: JSONValue, _ path: String, services: [String: ServicePassport],
                                   officials: [String: Official]) throws(InputError) -> Application {
        let f = try Fields(v, path: path)
        let id = try f.identifier("id")
        let service = try f.identifier("service")
        guard services[service] != nil else { throw InputError("unknown service \"\(service)\"", path: f.at("service")) }
        let channel = try f.oneOf("channel", Channel.self)
        let applicant = try f.optionalName("applicant")
        let queuePosition = try f.optionalInt("queuePosition", min: 1, max: Fields.maxExact)
        let items = try f.array("events")
        var events: [Event] = []
        for (i, item) in items.enumerated() {
            events.append(try event(item, f.at("events") + "[\(i)]", index: i, officials: officials))
        }
        do { try TimelineRules.references(new: events) } catch {
            let path = f.at("events") + "[\(error.index)].\(error.field)"
            throw error.kind == .unknownReference && error.field == "corrects" ? .rule(error.message, path: path) : InputError(error.message, path: path)
        }
        return Application(id: id, service: service, channel: channel, applicant: applicant, queuePosition: queuePosition, events: events)
    }

    /// The fields each kind of event may carry besides `type` and `at` (docs/reference/check.md).
    public static let eventFields: [Event.Kind: [String]] = [
        .submitted: ["documents"], .received: [], .registered: [], .monitoringRecorded: [],
        .documentsRequested: ["documents"], .documentsAdded: ["documents"], .paymentDemanded: ["amount"],
        .hearingNotified: [], .hearingHeld: [], .refused: ["ground", "reasons", "grounds", "signedBy"],
        .resultIssued: ["documents", "signedBy"], .complaintRegistered: ["complaint"],
        .complaintAnswered: ["complaint", "satisfied"], .correction: ["corrects", "reason", "replacementAt"],
    ]

    /// What the server stores of an event: `type`, `at` and the fields its kind carries, in that order. A field
    /// that does not belong to the kind is refused rather than kept unread (a refusal's `signedBy` hidden on
    /// another kind of event would be a signature nobody checked).
    public static func normalizedEvent(_ v: JSONValue, _ path: String) throws(InputError) -> JSONValue {
        let f = try Fields(v, path: path)
        let kind = try f.oneOf("type", Event.Kind.self)
        let allowed = ["type", "at"] + (eventFields[kind] ?? [])
        guard case .object(let pairs) = v else { return v }
        for (key, _) in pairs where !allowed.contains(key) {
            throw InputError("\"\(key)\" is not a field of a \(kind.rawValue) event (it takes \(allowed.joined(separator: ", ")))", path: f.at(key))
        }
        return .object(allowed.compactMap { k in pairs.first { $0.0 == k } })
    }

    public static func event(_ v: JSONValue, _ path: String, index: Int, officials: [String: Official]) throws(InputError) -> Event {
        let f = try Fields(v, path: path)
        let kind = try f.oneOf("type", Event.Kind.self)
        let at = try f.instant("at")
        var e = Event(kind: kind, at: at, index: index)
        switch kind {
        case .submitted, .resultIssued:
            e.documents = try f.optionalIdentifiers("documents")
        case .documentsRequested, .documentsAdded:
            e.documents = try f.identifiers("documents")
        case .paymentDemanded:
            if let a = f.optional("amount") {
                guard case .number(let s) = a, !s.hasPrefix("-") else { throw InputError("expected a non-negative amount, got \(a.typeName)", path: f.at("amount")) }
                e.amount = s
            }
        case .refused:
            e.ground = try f.oneOf("ground", Event.RefusalGround.self)
            e.reasons = try f.strings("reasons", default: [])
            e.grounds = try f.optionalIdentifiers("grounds")
        case .complaintRegistered:
            e.complaint = try f.identifier("complaint")
        case .complaintAnswered:
            e.complaint = try f.identifier("complaint")
            e.satisfied = try f.optionalOneOf("satisfied", Event.Satisfaction.self)
        case .correction:
            e.corrects = try f.int("corrects", min: 1, max: 1_000_000)
            let reason = try f.string("reason")
            guard reason.contains(where: { !$0.isWhitespace }) else { throw .rule("a correction says why: the reason must not be empty", path: f.at("reason")) }
            e.reason = reason
            e.replacementAt = f.optional("replacementAt") == nil ? nil : try f.instant("replacementAt")
        default: break
        }
        if kind.isDecision, let who = try f.optionalIdentifier("signedBy") {
            guard officials[who] != nil else { throw InputError("unknown official \"\(who)\"", path: f.at("signedBy")) }
            e.signedBy = who
        }
        return e
    }
}

extension PublicServicesJSON {
    /// An event as the server stores it (`normalizedEvent`'s form: `type`, `at`, then its kind's fields in
    /// order), from a value built by a form rather than read from JSON; instants at the given UTC offset.
    public static func encode(_ e: Event, offsetSeconds: Int) -> JSONValue {
        var pairs: [(String, JSONValue)] = [("type", .string(e.kind.rawValue)), ("at", .string(e.at.iso(offsetSeconds: offsetSeconds)))]
        for field in eventFields[e.kind] ?? [] {
            let value: JSONValue?
            switch field {
            case "documents": value = e.documents.map { .array($0.map(JSONValue.string)) }
            case "amount": value = e.amount.map(JSONValue.number)
            case "ground": value = e.ground.map { .string($0.rawValue) }
            case "reasons": value = e.reasons.map { .array($0.map(JSONValue.string)) }
            case "grounds": value = e.grounds.map { .array($0.map(JSONValue.string)) }
            case "signedBy": value = e.signedBy.map(JSONValue.string)
            case "complaint": value = e.complaint.map(JSONValue.string)
            case "satisfied": value = e.satisfied.map { .string($0.rawValue) }
            case "corrects": value = e.corrects.map { .number(String($0)) }
            case "reason": value = e.reason.map(JSONValue.string)
            case "replacementAt": value = e.replacementAt.map { .string($0.iso(offsetSeconds: offsetSeconds)) }
            default: value = nil
            }
            if let value { pairs.append((field, value)) }
        }
        return .object(pairs)
    }
}

/// A `rasim check` input document, read in passes over its bytes so that `applications` need not be held
/// in memory: the first pass parses `asOf`, `services`, `officials` and notes where each application
/// begins; applications are then decoded one at a time, by position.
public struct CheckDocument {
    public let asOf: Instant
    public let services: [String: ServicePassport]
    public let officials: [String: Official]
    /// Byte offsets of the `applications` elements.
    public let applicationOffsets: [Int]

    public init(_ bytes: UnsafeRawBufferPointer, zones: ZoneTable) throws(InputError) {
        guard bytes.count > 0 else { throw InputError("the input is empty", path: "$") }
        var p = JSONParser(bytes)
        try p.expect(UInt8(ascii: "{"), "$")
        var asOf: Instant?
        var servicesValue: JSONValue?, officialsValue: JSONValue?
        var offsets: [Int] = []
        var seenApplications = false
        p.skipSpace()
        if p.peek() == UInt8(ascii: "}") { p.pos += 1 } else {
            while true {
                p.skipSpace()
                guard p.peek() == UInt8(ascii: "\"") else { throw p.syntax("expected a field name", "$") }
                let key = try p.parseString("$")
                try p.expect(UInt8(ascii: ":"), "$." + key)
                switch key {
                case "applications":
                    seenApplications = true
                    p.skipSpace()
                    guard p.peek() == UInt8(ascii: "[") else {
                        let v = try p.parseValue("$.applications")
                        throw InputError("expected a list, got \(v.typeName)", path: "$.applications")
                    }
                    p.pos += 1
                    p.skipSpace()
                    if p.peek() == UInt8(ascii: "]") { p.pos += 1; break }
                    while true {
                        p.skipSpace()
                        offsets.append(p.pos)
                        try p.skipValue("$.applications[\(offsets.count - 1)]")
                        p.skipSpace()
                        if p.peek() == UInt8(ascii: ",") { p.pos += 1; continue }
                        if p.peek() == UInt8(ascii: "]") { p.pos += 1; break }
                        throw p.syntax("expected ',' or ']'", "$.applications")
                    }
                case "asOf":
                    let v = try p.parseValue("$.asOf")
                    let s = try Fields.string(v, "$.asOf")
                    guard let t = Instant(iso: s) else {
                        throw InputError("\"\(s)\" is not an ISO 8601 instant with an offset (e.g. 2025-04-01T12:00:00+05:00)", path: "$.asOf")
                    }
                    asOf = t
                case "services": servicesValue = try p.parseValue("$.services")
                case "officials": officialsValue = try p.parseValue("$.officials")
                default: _ = try p.parseValue("$." + key)
                }
                p.skipSpace()
                if p.peek() == UInt8(ascii: ",") { p.pos += 1; continue }
                if p.peek() == UInt8(ascii: "}") { p.pos += 1; break }
                throw p.syntax("expected ',' or '}'", "$")
            }
        }
        p.skipSpace()
        guard p.atEnd else { throw p.syntax("unexpected text after the document", "$") }
        guard let asOf else { throw InputError("missing required field \"asOf\"", path: "$.asOf") }
        guard seenApplications else { throw InputError("missing required field \"applications\"", path: "$.applications") }
        guard let servicesValue else { throw InputError("missing required field \"services\"", path: "$.services") }
        guard case .array(let svcItems) = servicesValue else { throw InputError("expected a list, got \(servicesValue.typeName)", path: "$.services") }
        var services: [String: ServicePassport] = [:]
        for (i, item) in svcItems.enumerated() {
            let s = try PublicServicesJSON.passport(item, "$.services[\(i)]", zones: zones)
            guard services[s.id] == nil else { throw InputError("duplicate service id \"\(s.id)\"", path: "$.services[\(i)].id") }
            services[s.id] = s
        }
        var officials: [String: Official] = [:]
        if let officialsValue {
            guard case .array(let items) = officialsValue else { throw InputError("expected a list, got \(officialsValue.typeName)", path: "$.officials") }
            for (i, item) in items.enumerated() {
                let o = try PublicServicesJSON.official(item, "$.officials[\(i)]", services: services)
                guard officials[o.id] == nil else { throw InputError("duplicate official id \"\(o.id)\"", path: "$.officials[\(i)].id") }
                officials[o.id] = o
            }
        }
        self.asOf = asOf
        self.services = services
        self.officials = officials
        self.applicationOffsets = offsets
    }

    /// The i-th application, decoded and validated.
    public func application(_ i: Int, in bytes: UnsafeRawBufferPointer) throws(InputError) -> Application {
        var p = JSONParser(bytes, at: applicationOffsets[i])
        let path = "$.applications[\(i)]"
        let v = try p.parseValue(path)
        return try PublicServicesJSON.application(v, path, services: services, officials: officials)
    }
}
