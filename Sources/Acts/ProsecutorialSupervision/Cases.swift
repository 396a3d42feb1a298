import LegalCore

/// A case under §6 (categories), §7–9 (routing), §8 (appeal participation), §10 (substantive conclusion), §13 (the
/// protest term), §16–17 (the study and the protest), §22 (the Department's consent), §25 (who may protest in cassation).
/// In a wording window only the paragraphs the 2016 order left as they were are applied: §8, §13, §16 (grounds
/// termination and new circumstances), §25.
enum Cases {
    static func judge(_ c: Case, offices: [String: Office], _ ctx: inout Context) throws(SupervisionError) -> SupervisionResult.CaseRow {
        let status = ValidityStatus.of(c.decidedOn)
        var row = SupervisionResult.CaseRow(id: c.id, validity: status)
        guard !status.outside else {
            ctx.marker(.case, c.id, status)
            return row
        }
        let inForce = status == .inForce
        if !inForce { ctx.marker(.case, c.id, status) }

        // §13: 10 тәулік from the copy's delivery — taken as its receipt (one day) — or 30 in cases on tax, pension or
        // social-insurance obligations; no copy, no term.
        if let received = c.copyReceivedOn {
            let tauliks = c.obligationCase != nil ? 30 : 10
            row.protestTerm = .init(tauliks: tauliks, from: received, due: try ctx.days(tauliks, after: received))
        }

        // §6, §7, §9 (reworded in 2016): only in force.
        var categories: [Category] = []
        if inForce {
            categories = Category.of(c)
            row.categories = categories
            row.mandatory = !categories.isEmpty
            row.routing = Routing.of(c, mandatory: !categories.isEmpty, offices: offices)
            if row.routing?.specializedNotNotified == true {
                ctx.add(.case, c.id, .specializedNotNotified, cite("§7"), Texts.specializedNotNotified(c.id, office: row.routing?.office ?? ""))
            }
            if !categories.isEmpty, !c.prosecutorParticipated {
                var citations: [Citation] = []
                for cat in categories where !citations.contains(cat.citation) { citations.append(cat.citation) }
                ctx.add(.case, c.id, .participationMissing, citations, Texts.participationMissing(c.id, items: categories.map(\.item)))
            }
        }

        // §8: the prosecutor takes part in every case a higher court reviews.
        if let appeal = c.appeal, !appeal.prosecutorParticipated {
            ctx.add(.case, c.id, .appealParticipationMissing, cite("§8"), Texts.appealParticipationMissing(c.id, on: appeal.decidedOn))
        }

        // §16: the check before entry into force — its due the end of the protest term (a reading); done when
        // studied, else by the first appeal protest.
        var grounds: [String] = []
        if inForce, !categories.isEmpty { grounds.append("mandatory_category") }
        if c.outcome == .terminated || c.outcome == .resolutionAnnulledTerminated { grounds.append("termination") }
        if c.outcome == .reviewGranted || c.outcome == .reviewRefused { grounds.append("new_circumstances") }
        row.studyGrounds = grounds
        let appealProtests = c.protests.enumerated().filter { $0.element.stage == .appeal }
            .sorted { ($0.element.filedOn, $0.offset) < ($1.element.filedOn, $1.offset) }.map(\.element)
        if !grounds.isEmpty, let term = row.protestTerm {
            try ctx.term(.case, c.id, .study, due: term.due, done: c.studiedOn ?? appealProtests.first?.filedOn,
                         citation: inForce ? cite("§16", "§17") : cite("§16"), workingDays: false)
        }

        // §13, §17: an appeal protest filed after the term; an act studied as unlawful and not protested (§17, in force).
        if let term = row.protestTerm {
            let citation = inForce ? cite("§13", "§17") : cite("§13")
            for p in appealProtests where p.filedOn > term.due {
                try ctx.term(.case, c.id, .protest, due: term.due, done: p.filedOn, citation: citation, workingDays: false, protest: p.id)
            }
            if inForce, c.studyResult == .unlawful, appealProtests.isEmpty {
                try ctx.term(.case, c.id, .protest, due: term.due, done: nil, citation: citation, workingDays: false)
            }
        }

        // §13 and §25: who may protest.
        for p in c.protests {
            switch p.stage {
            case .appeal:
                if p.by == .otherProsecutor || (p.by == .participatingProsecutor && !c.prosecutorParticipated) {
                    ctx.add(.case, c.id, .protestByUnauthorized, cite("§13"), Texts.unauthorized(c.id, protest: p.id, role: p.by, cassation: false)) { $0.protest = p.id }
                }
            case .cassation:
                if p.by != .prosecutorGeneral && p.by != .deputyProsecutorGeneral {
                    ctx.add(.case, c.id, .protestByUnauthorized, cite("§25"), Texts.unauthorized(c.id, protest: p.id, role: p.by, cassation: true)) { $0.protest = p.id }
                }
            }
        }

        // §10: a terminated case of corruption, environment, taxation, customs or confiscation the prosecutor agreed
        // with (no appeal protest, not studied as unlawful): a substantive conclusion within 30 working days of entry into force.
        if inForce, !Category.conclusionCategories.isDisjoint(with: categories),
           c.outcome == .terminated || c.outcome == .resolutionAnnulledTerminated,
           appealProtests.isEmpty, c.studyResult != .unlawful, let entered = c.enteredIntoForceOn {
            let due = try ctx.workingDays(30, after: entered)
            row.conclusionDue = due
            try ctx.term(.case, c.id, .conclusion, due: due, done: c.conclusionApprovedOn, citation: cite("§10"), workingDays: true)
        }

        // §22: the Department's consent to leave an annulment or change out of the indicator, asked within 10 working days.
        if inForce, let exclusion = c.appeal?.exclusion {
            let due = try ctx.workingDays(10, after: exclusion.decisionOn)
            try ctx.term(.case, c.id, .consentRequest, due: due, done: exclusion.requestedOn, citation: cite("§22"), workingDays: true)
        }
        return row
    }
}
