import DocumentControl
import JSONKit
import LegalCore
import WorkCalendar

/// The JSON of docs/reference/documents.md: the input read with every invalid case named at its path, the output written in
/// the contract's order.
public enum DocumentsJSON {
    // MARK: input

    /// `calendar` gives asOf's local date in the body's zone, the day no fact may be after.
    public static func input(_ bytes: UnsafeRawBufferPointer, calendar: KazakhCalendar) throws(InputError) -> DocumentsInput {
        guard bytes.count > 0 else { throw InputError("the input is empty", path: "$", reason: .empty) }
        let f = try Fields(JSONParser.document(bytes), path: "$")
        var r = Reader(asOf: try f.instant("asOf"))
        var input = DocumentsInput(asOf: r.asOf)
        if let v = f.optional("schedule") {
            let s = try Fields(v, path: "$.schedule")
            if s.optional("timeZone") != nil { input.schedule.timeZone = try s.nonEmptyString("timeZone") }
            if s.optional("open") != nil { input.schedule.open = try time(s, "open") }
            if s.optional("close") != nil { input.schedule.close = try time(s, "close") }
            guard input.schedule.open < input.schedule.close else {
                throw .rule("open \(input.schedule.open) is not before close \(input.schedule.close)", path: "$.schedule.open", reason: .range)
            }
        }
        // The last day a fact may bear is asOf's local date, as the evaluation counts it. An unknown zone or a day
        // outside the calendar keeps the date as written here; the evaluation then refuses the input with that error's
        // own code.
        if let day = try? Documents.asOfDate(r.asOf, input.schedule, calendar: calendar) {
            r.asOfDate = day
        } else if let day = LocalDate(String(try f.string("asOf").prefix(10))) { r.asOfDate = day }
        for (i, v) in try list(f, "incoming").enumerated() { input.incoming.append(try r.incoming(v, "$.incoming[\(i)]")) }
        for (i, v) in try list(f, "outgoing").enumerated() { input.outgoing.append(try r.outgoing(v, "$.outgoing[\(i)]")) }
        for (i, v) in try list(f, "controlled").enumerated() { input.controlled.append(try r.controlled(v, "$.controlled[\(i)]")) }
        for (i, v) in try list(f, "drafts").enumerated() { input.drafts.append(try r.draft(v, "$.drafts[\(i)]")) }
        for (i, v) in try list(f, "plans").enumerated() { input.plans.append(try r.plan(v, "$.plans[\(i)]")) }
        if let v = f.optional("collegium") { input.collegium = try r.collegium(v, "$.collegium") }
        if let v = f.optional("monitoring") { input.monitoring = try r.monitoring(v, "$.monitoring") }
        if let v = f.optional("controlService") {
            let s = try Fields(v, path: "$.controlService")
            var service = ControlService(since: try s.date("since"))
            for (i, d) in try list(s, "weeklyLists").enumerated() {
                let text = try Fields.string(d, "$.controlService.weeklyLists[\(i)]")
                guard let day = LocalDate(text) else { throw InputError("\"\(text)\" is not a date YYYY-MM-DD", path: "$.controlService.weeklyLists[\(i)]", reason: .date) }
                try r.notAfterAsOf(day, "$.controlService.weeklyLists[\(i)]")
                service.weeklyLists.append(day)
            }
            input.controlService = service
        }
        return input
    }

    static func list(_ f: Fields, _ key: String) throws(InputError) -> [JSONValue] { f.optional(key) == nil ? [] : try f.array(key) }

    static func time(_ f: Fields, _ key: String) throws(InputError) -> TimeOfDay {
        let s = try f.string(key)
        guard let t = TimeOfDay(s) else { throw InputError("\"\(s)\" is not a time HH:MM", path: f.at(key), reason: .other) }
        return t
    }

    /// Reads the sections, checking ids unique across the input and every event against asOf and its item's first date.
    struct Reader {
        let asOf: Instant
        /// The last day a fact may bear: asOf's local date (see `input`).
        var asOfDate: LocalDate
        var ids: [String: String] = [:]

        init(asOf: Instant) {
            self.asOf = asOf
            asOfDate = asOf.localDate(offsetSeconds: 0)
        }

        mutating func id(_ f: Fields) throws(InputError) -> String {
            let id = try f.identifier("id")
            if let first = ids[id] { throw .rule("id \"\(id)\" is given twice (first at \(first))", path: f.at("id"), reason: .duplicate) }
            ids[id] = f.at("id")
            return id
        }

        func notAfterAsOf(_ d: LocalDate, _ path: String) throws(InputError) {
            guard d <= asOfDate else { throw .rule("\(d) is after asOf (\(asOfDate))", path: path, reason: .range) }
        }

        /// An event's date: not after asOf, not before its item's first date.
        func event(_ f: Fields, _ key: String, notBefore floor: (LocalDate, String)?) throws(InputError) -> LocalDate? {
            guard f.optional(key) != nil else { return nil }
            let d = try f.date(key)
            try notAfterAsOf(d, f.at(key))
            if let (first, name) = floor, d < first { throw .rule("\(d) is before \(name) \(first)", path: f.at(key), reason: .range) }
            return d
        }

        /// An event's instant: not after asOf, not before the letter's arrival.
        func instant(_ f: Fields, _ key: String, notBefore arrived: Instant?) throws(InputError) -> Instant? {
            guard f.optional(key) != nil else { return nil }
            let i = try f.instant(key)
            guard i <= asOf else { throw .rule("\(try f.string(key)) is after asOf", path: f.at(key), reason: .range) }
            if let arrived, i < arrived { throw .rule("\(try f.string(key)) is before arrivedAt", path: f.at(key), reason: .range) }
            return i
        }

        mutating func incoming(_ v: JSONValue, _ path: String) throws(InputError) -> Incoming {
            let f = try Fields(v, path: path)
            let arrived = try f.instant("arrivedAt")
            guard arrived <= asOf else { throw .rule("arrivedAt is after asOf", path: f.at("arrivedAt"), reason: .range) }
            var l = Incoming(id: try id(f), sender: try f.oneOf("sender", Sender.self), arrivedAt: arrived)
            l.urgent = try f.bool("urgent", default: false)
            l.urgencyProofShown = try f.bool("urgencyProofShown", default: l.urgent)
            l.basis = try f.optionalOneOf("basis", Incoming.Basis.self) ?? .none
            l.controlled = try f.bool("controlled", default: true)
            l.addressee = try f.optionalOneOf("addressee", Incoming.Addressee.self) ?? .leadership
            if f.optional("details") != nil {
                var details = Set<Incoming.Detail>()
                for (i, s) in try f.strings("details").enumerated() {
                    guard let d = Incoming.Detail(rawValue: s) else {
                        throw InputError("unknown value \"\(s)\": expected one of \(Incoming.Detail.allCases.map(\.rawValue).joined(separator: ", "))", path: f.at("details") + "[\(i)]", reason: .unknownValue)
                    }
                    guard details.insert(d).inserted else { throw .rule("\"\(s)\" is given twice", path: f.at("details") + "[\(i)]", reason: .duplicate) }
                }
                l.details = details
            }
            l.returnedAt = try instant(f, "returnedAt", notBefore: arrived)
            l.registeredAt = try instant(f, "registeredAt", notBefore: arrived)
            l.deliveredAt = try instant(f, "deliveredAt", notBefore: arrived)
            l.reviewedAt = try instant(f, "reviewedAt", notBefore: arrived)
            l.answeredAt = try instant(f, "answeredAt", notBefore: arrived)
            return l
        }

        mutating func outgoing(_ v: JSONValue, _ path: String) throws(InputError) -> Outgoing {
            let f = try Fields(v, path: path)
            let signed = try f.date("signedOn")
            try notAfterAsOf(signed, f.at("signedOn"))
            var o = Outgoing(id: try id(f), to: try f.oneOf("to", Sender.self), signedOn: signed)
            o.form = try f.optionalOneOf("form", Outgoing.Form.self) ?? .letter
            o.controlVisa = try f.bool("controlVisa", default: true)
            o.controlVisaOn = try event(f, "controlVisaOn", notBefore: nil)
            if let visa = o.controlVisaOn, visa > signed {
                throw .rule("the control visa (\(visa)) comes before signing (\(signed)), §19", path: f.at("controlVisaOn"), reason: .range)
            }
            o.letterhead = try f.bool("letterhead", default: true)
            o.stateLanguage = try f.bool("stateLanguage", default: true)
            return o
        }

        mutating func controlled(_ v: JSONValue, _ path: String) throws(InputError) -> Controlled {
            let f = try Fields(v, path: path)
            let received = try f.date("receivedOn")
            try notAfterAsOf(received, f.at("receivedOn"))
            let term = try f.date("term")
            guard term >= received else { throw .rule("the term \(term) is before receivedOn \(received)", path: f.at("term"), reason: .range) }
            var c = Controlled(id: try id(f), kind: try f.oneOf("kind", Controlled.Kind.self), receivedOn: received, term: term)
            let floor = (received, "receivedOn")
            for (i, e) in try list(f, "extensions").enumerated() {
                let x = try Fields(e, path: f.at("extensions") + "[\(i)]")
                let to = try x.date("to")
                guard to > term else { throw .rule("an extension to \(to) is not after the term \(term)", path: x.at("to"), reason: .range) }
                guard let granted = try event(x, "grantedOn", notBefore: floor) else { throw InputError("missing required field \"grantedOn\"", path: x.at("grantedOn"), reason: .missing) }
                c.extensions.append(.init(to: to, grantedOn: granted))
            }
            c.executor = try f.optionalName("executor")
            c.planApprovedOn = try event(f, "planApprovedOn", notBefore: floor)
            c.toLeadershipOn = try event(f, "toLeadershipOn", notBefore: floor)
            c.toFirstHeadOn = try event(f, "toFirstHeadOn", notBefore: floor)
            c.executedOn = try event(f, "executedOn", notBefore: floor)
            return c
        }

        mutating func draft(_ v: JSONValue, _ path: String) throws(InputError) -> Draft {
            let f = try Fields(v, path: path)
            let received = try f.date("receivedOn")
            try notAfterAsOf(received, f.at("receivedOn"))
            var d = Draft(id: try id(f), receivedOn: received)
            let floor = (received, "receivedOn")
            d.underDecree413 = try f.bool("underDecree413", default: false)
            if let u = f.optional("urgentInstruction") {
                let x = try Fields(u, path: f.at("urgentInstruction"))
                let deadline = try x.date("deadline")
                guard deadline >= received else { throw .rule("the deadline \(deadline) is before receivedOn \(received)", path: x.at("deadline"), reason: .range) }
                var ui = Draft.UrgentInstruction(deadline: deadline)
                if x.optional("proposalDue") != nil {
                    let due = try x.date("proposalDue")
                    guard due >= received else { throw .rule("proposalDue \(due) is before receivedOn \(received)", path: x.at("proposalDue"), reason: .range) }
                    ui.proposalDue = due
                }
                ui.receivedOn = try event(x, "receivedOn", notBefore: nil)
                d.urgentInstruction = ui
            }
            d.proposalOn = try event(f, "proposalOn", notBefore: floor)
            if let c = f.optional("conclusion") {
                let x = try Fields(c, path: f.at("conclusion"))
                guard let on = try event(x, "on", notBefore: floor) else { throw InputError("missing required field \"on\"", path: x.at("on"), reason: .missing) }
                guard let remarks = x.optional("remarks"), case .bool(let b) = remarks else {
                    throw InputError(x.optional("remarks") == nil ? "missing required field \"remarks\"" : "expected true or false", path: x.at("remarks"),
                                     reason: x.optional("remarks") == nil ? .missing : .type)
                }
                d.conclusion = .init(on: on, remarks: b)
            }
            d.visasOn = try event(f, "visasOn", notBefore: floor)
            d.returnedOn = try event(f, "returnedOn", notBefore: floor)
            if let rv = f.optional("revised") {
                let x = try Fields(rv, path: f.at("revised"))
                guard let on = try event(x, "on", notBefore: floor) else { throw InputError("missing required field \"on\"", path: x.at("on"), reason: .missing) }
                var revised = Draft.Revised(on: on)
                revised.complete = try x.bool("complete", default: true)
                d.revised = revised
            }
            d.remarksOn = try event(f, "remarksOn", notBefore: floor)
            if let m = f.optional("meeting") {
                let x = try Fields(m, path: f.at("meeting"))
                guard let on = try event(x, "on", notBefore: floor) else { throw InputError("missing required field \"on\"", path: x.at("on"), reason: .missing) }
                guard let agreed = x.optional("agreed"), case .bool(let b) = agreed else {
                    throw InputError(x.optional("agreed") == nil ? "missing required field \"agreed\"" : "expected true or false", path: x.at("agreed"),
                                     reason: x.optional("agreed") == nil ? .missing : .type)
                }
                var meeting = Draft.Meeting(on: on, agreed: b)
                meeting.revisedOn = try event(x, "revisedOn", notBefore: (on, "the meeting"))
                d.meeting = meeting
            }
            d.agreedOn = try event(f, "agreedOn", notBefore: floor)
            d.legalServiceAgreed = try f.bool("legalServiceAgreed", default: true)
            return d
        }

        mutating func plan(_ v: JSONValue, _ path: String) throws(InputError) -> Plan {
            let f = try Fields(v, path: path)
            var p = Plan(id: try id(f), periodStart: try f.date("periodStart"))
            p.kind = try f.optionalOneOf("kind", Plan.Kind.self) ?? .quarterly
            p.draftedOn = try event(f, "draftedOn", notBefore: nil)
            p.approvedOn = try event(f, "approvedOn", notBefore: nil)
            return p
        }

        mutating func collegium(_ v: JSONValue, _ path: String) throws(InputError) -> Collegium {
            let f = try Fields(v, path: path)
            var c = Collegium()
            if f.optional("since") != nil { c.since = try f.date("since") }
            for (i, m) in try list(f, "meetings").enumerated() {
                let x = try Fields(m, path: f.at("meetings") + "[\(i)]")
                let meetingID = try id(x)
                guard let on = try event(x, "on", notBefore: nil) else { throw InputError("missing required field \"on\"", path: x.at("on"), reason: .missing) }
                let members = try x.int("members", min: 1, max: 10_000)
                let present = try x.int("present", min: 0, max: 10_000)
                guard present <= members else { throw .rule("present (\(present)) is more than members (\(members))", path: x.at("present"), reason: .range) }
                var meeting = Collegium.Meeting(id: meetingID, on: on, members: members, present: present)
                meeting.substitutes = try x.optionalInt("substitutes", min: 0, max: 10_000) ?? 0
                meeting.headOfStateInstructions = try x.bool("headOfStateInstructions", default: false)
                meeting.stenographed = try x.bool("stenographed", default: true)
                meeting.publishedOnWebsite = try x.bool("publishedOnWebsite", default: true)
                for (j, dv) in try list(x, "decisions").enumerated() {
                    let y = try Fields(dv, path: x.at("decisions") + "[\(j)]")
                    let decisionID = try id(y)
                    let votes = try y.int("votesFor", min: 0, max: 10_000)
                    guard votes <= present else { throw .rule("votesFor (\(votes)) is more than present (\(present))", path: y.at("votesFor"), reason: .range) }
                    meeting.decisions.append(.init(id: decisionID, votesFor: votes))
                }
                c.meetings.append(meeting)
            }
            return c
        }

        mutating func monitoring(_ v: JSONValue, _ path: String) throws(InputError) -> Monitoring {
            let f = try Fields(v, path: path)
            var m = Monitoring(since: try month(f, "since"))
            var seen: [Month: String] = [:]
            for (i, s) in try list(f, "summaries").enumerated() {
                let x = try Fields(s, path: f.at("summaries") + "[\(i)]")
                let mo = try month(x, "month")
                if let first = seen[mo] { throw .rule("the month \(mo) is given twice (first at \(first))", path: x.at("month"), reason: .duplicate) }
                seen[mo] = x.at("month")
                guard let on = try event(x, "on", notBefore: nil) else { throw InputError("missing required field \"on\"", path: x.at("on"), reason: .missing) }
                m.summaries.append(.init(month: mo, on: on))
            }
            return m
        }

        func month(_ f: Fields, _ key: String) throws(InputError) -> Month {
            let s = try f.string(key)
            guard let m = Month(s) else {
                // The shape right but the year out of range (0000): a rule, not a malformed value.
                let shaped = s.wholeMatch(of: /[0-9]{4}-(0[1-9]|1[0-2])/) != nil
                throw shaped ? .rule("\"\(s)\" is not a month of years 0001–9998", path: f.at(key), reason: .range)
                             : InputError("\"\(s)\" is not a month YYYY-MM", path: f.at(key), reason: .date)
            }
            return m
        }
    }

    // MARK: output

    public static func output(_ r: DocumentsResult) -> String {
        var byCode: [String: Int] = [:]
        for f in r.findings { byCode[f.code.rawValue, default: 0] += 1 }
        let summary = JSONText.object([("findings", String(r.findings.count)), ("notJudged", String(r.notJudged.count)),
                                       ("byCode", JSONText.object(byCode.sorted { $0.key < $1.key }.map { ($0.key, String($0.value)) }))])
        return "{\"findings\": \(array(r.findings.map { finding($0) })),\n \"notJudged\": \(array(r.notJudged.map(notJudged))),\n \"summary\": \(summary)}"
    }

    /// A JSON array, one item per line.
    public static func array(_ items: [String]) -> String { items.isEmpty ? "[]" : "[\n  " + items.joined(separator: ",\n  ") + "]" }

    /// A finding in the contract's fields; `body` (the organization) first when listing several bodies' findings.
    public static func finding(_ f: DocumentFinding, body: String? = nil) -> String {
        func date(_ d: LocalDate?) -> String { JSONText.optional(d) { JSONText.string($0.description) } }
        var pairs: [(String, String)] = body.map { [("body", JSONText.string($0))] } ?? []
        pairs += [
            ("section", JSONText.string(f.section.rawValue)), ("subject", JSONText.string(f.subject)), ("code", JSONText.string(f.code.rawValue)),
            ("severity", JSONText.string(f.severity.rawValue)), ("citation", JSONText.array(f.citation.map { JSONText.string($0.description) })),
            ("wording", JSONText.string(f.wording.rawValue)), ("relevantDate", JSONText.string(f.relevantDate.description)),
        ]
        if let p = f.period { pairs.append(("period", JSONText.string(p))) }
        if let o = f.obligation { pairs.append(("obligation", JSONText.string(o.rawValue))) }
        if let h = f.hours {
            func stamp(_ i: Instant) -> String { JSONText.string(i.iso(offsetSeconds: h.offsetSeconds)) }
            pairs.append(("acceptedAt", stamp(h.acceptedAt)))
            pairs.append(("dueAt", stamp(h.dueAt)))
            if f.code != .deadlineApproaching {
                pairs.append(("actualAt", JSONText.optional(h.actualAt, stamp)))
                pairs.append(("lateMinutes", JSONText.optional(h.lateMinutes) { String($0) }))
            }
        }
        if f.hours == nil || f.code == .deadlineApproaching, let due = f.due { pairs.append(("due", date(due))) }
        if f.hours == nil, f.code != .deadlineApproaching, f.lateDays != nil {
            pairs.append(("actual", date(f.actual)))
            pairs.append(("lateDays", String(f.lateDays ?? 0)))
        } else if f.lateDays == nil, let actual = f.actual {
            pairs.append(("actual", date(actual)))
        }
        if let m = f.missing { pairs.append(("missing", JSONText.array(m.map(JSONText.string)))) }
        if let c = f.caveat { pairs.append(("caveat", JSONText.string(c))) }
        pairs.append(("message", JSONText.localized(f.message)))
        return JSONText.object(pairs)
    }

    public static func notJudged(_ n: NotJudged) -> String {
        var pairs: [(String, String)] = [("section", JSONText.string(n.section.rawValue)), ("subject", JSONText.string(n.subject)),
                                         ("place", JSONText.string(n.place)), ("relevantDate", JSONText.string(n.relevantDate.description)),
                                         ("reason", JSONText.string(n.reason.rawValue))]
        if let p = n.period { pairs.append(("period", JSONText.string(p))) }
        return JSONText.object(pairs)
    }
}
