/// Dated provisions: an act's paragraphs, each in the wordings it had over time (issue 13). The acts the next
/// modules judge were amended paragraph by paragraph and then repealed; the seeds hold only each paragraph's
/// last wording, and some amending acts' dates of entry into force are unknown. Asking for a paragraph on a
/// date is therefore an answer the caller must handle — the wording held, a wording in force that Rasim does
/// not hold, a date the sources leave open, or a date the paragraph does not apply — never a silent guess.
public struct Provision: Sendable {
    /// One wording of the paragraph: when it applied, which act gave it, whether Rasim holds its text.
    public struct Wording: Sendable, Hashable {
        /// Half-open, with the stretches the sources leave open marked uncertain.
        public var validity: Validity
        /// The act that gave this wording: the original act, or the amending one.
        public var citation: Citation
        /// Whether the seed holds this wording (the rules implement it); false for an earlier wording known
        /// only to have existed.
        public var held: Bool
        public init(validity: Validity, citation: Citation, held: Bool) {
            self.validity = validity; self.citation = citation; self.held = held
        }
    }

    public var act: ActID
    /// The paragraph as cited: `§6`, `§29-3`.
    public var place: String
    public var wordings: [Wording]

    public init(act: ActID, place: String, wordings: [Wording]) {
        self.act = act; self.place = place; self.wordings = wordings.sorted { $0.validity.from < $1.validity.from }
    }

    public var citation: Citation { Citation(act, place) }

    /// What the paragraph says on `date`.
    public enum Answer: Sendable, Hashable {
        /// In force, in a wording Rasim holds.
        case held(Wording)
        /// In force, in a wording Rasim does not hold (an earlier one): its rules cannot be applied.
        case notHeld(Wording)
        /// The sources leave open which wording (or whether any) applies on that date.
        case uncertain(note: String)
        /// The paragraph does not apply on that date (before the act or the paragraph, after the repeal).
        case notInForce
    }

    public func on(_ date: LocalDate) -> Answer {
        for w in wordings {
            switch w.validity.status(on: date) {
            case .inForce: return w.held ? .held(w) : .notHeld(w)
            case .uncertain(let note): return .uncertain(note: note)
            case .notYetInForce, .noLongerInForce: continue
            }
        }
        return .notInForce
    }
}

/// The provisions of one act, checked when built: wordings of a paragraph never overlap, and every wording lies
/// inside the act's own validity (uncertain windows included).
public struct ProvisionRegistry: Sendable {
    public let act: Act
    public let provisions: [String: Provision]

    public init(act: Act, _ provisions: [Provision]) throws(LegalError) {
        var byPlace: [String: Provision] = [:]
        let actEnd = act.validity.until?.dayNumber ?? Int32.max
        for p in provisions {
            guard p.act == act.id else { throw .invalidCitation("\(p.citation) is not a paragraph of \(act.id)") }
            guard byPlace[p.place] == nil else { throw .overlappingVersions("\(p.citation) is given twice") }
            for (a, b) in zip(p.wordings, p.wordings.dropFirst()) where a.validity.overlaps(b.validity) {
                throw .overlappingVersions("\(p.citation): wordings from \(a.validity.from) and \(b.validity.from) overlap")
            }
            for w in p.wordings {
                let end = w.validity.until?.dayNumber ?? Int32.max
                guard w.validity.from >= act.validity.from, end <= actEnd else {
                    throw .overlappingVersions("\(p.citation): the wording from \(w.validity.from) lies outside \(act.id)'s validity")
                }
            }
            byPlace[p.place] = p
        }
        self.act = act
        self.provisions = byPlace
    }

    /// The paragraph at `place` on `date`; a paragraph the registry does not list is the act's own status:
    /// in force and held (the seed's wording is the only one there was), or not in force, or uncertain.
    public func on(_ place: String, _ date: LocalDate) -> Provision.Answer {
        if let p = provisions[place] { return p.on(date) }
        switch act.validity.status(on: date) {
        case .inForce: return .held(Provision.Wording(validity: act.validity, citation: Citation(act.id, place), held: true))
        case .uncertain(let note): return .uncertain(note: note)
        case .notYetInForce, .noLongerInForce: return .notInForce
        }
    }
}
