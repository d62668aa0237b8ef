"""The words and phrase patterns the commitment rules read; kept apart so the logic stays short
(who owns a clause that is not the speaker's own: `owner_patterns`)."""

from __future__ import annotations

import re

# Capital and small letters of any Latin script ("Étienne Bélanger", "Siobhán").
UPPER = r"[^\W\d_a-zß-ÿ]"
LOWER = r"[^\W\d_A-ZÀ-Þ]"
# A word that opens a sentence before a name: "But Ravi will send ..." is Ravi's.
_OPENING_WORD = (
    r"(?:But|And|So|Then|Also|Now|Well|Yes|No|Okay|Oh|Because|If|When|Once|After|Before|Maybe|"
    r"Actually|Plus|Or|Right|Sure|Great|Perfect|Thanks|Hi|Hello|Yeah|Yep|Ok|Honestly|Basically)"
)
# A person's name as said: a first name and maybe a surname ("O'Neill", "McDonald"); never the
# end of a name ("Neill" of "O'Neill").
_FIRST_NAME = rf"(?<![\w'’])(?!{_OPENING_WORD} ){UPPER}{LOWER}+"
SURNAME = rf"{UPPER}(?:['’]?{UPPER})?(?:{LOWER}|['’])+(?:{UPPER}{LOWER}+)?"
NAME = rf"{_FIRST_NAME}(?: {SURNAME})?"
NAME_OR_DOUBLE = rf"{_FIRST_NAME}(?:[ -]{SURNAME})?"
# A company as said after "at" or "from": "Prairie Payments", "Rift Valley Hauliers".
COMPANY = r"[A-Z][\w&-]*(?: [A-Z][\w&-]*)*"

# Firm future: a promise when an action follows.
_FIRM = (
    r"'ll|’ll| will| shall| am going to|'m going to|’m going to| are going to|'re going to|"
    r"’re going to| am gonna|'m gonna|’m gonna| are gonna|'re gonna|’re gonna"
    # Caribbean and West African English: "I go send the SOW tomorrow"
    r"| go(?= (?:send|call|check|get|bring|give|share|fix|sort|email|arrange|ask|tell)\b)"
)
# Hedged future: a tentative offer ("I might be able to", "we could maybe").
_HEDGED = (
    r" might be able to| may be able to| might| could maybe| could possibly| could probably|"
    r" should be able to"
)
_MODAL = rf"(?P<modal>{_FIRM}|{_HEDGED}| can| could)"
# Adverbs and helpers between the modal and the action verb.
FILLER = (
    r"(?:(?:also|definitely|just|then|personally|certainly|absolutely|go ahead and|try to|try and|"
    r"make sure to|make sure (?:that )?(?:we|I) |be sure to|quickly|happily|both|all|"
    r"first|still|gladly|actually|probably|maybe|hopefully)\s+)*"
)
FIRST_PERSON = re.compile(
    rf"\b(?:(?P<subject>I|we){_MODAL}|(?P<letme>let me|let us|let's)"
    # speech-to-text without apostrophes, at the start of a clause: "and ill set up a call"
    r"|(?:^|(?<=[,;] )|(?<=\band )|(?<=\bso )|(?<=\bthen )|(?<=\byeah )|(?<=\byes )|(?<=\bok )"
    r"|(?<=\bokay )|(?<=\bsure )|(?<=\bgreat )|(?<=\bbut ))"
    r"i(?:ll(?! (?:health|effects?|feeling|will|advised|timed|fated)\b)|m gonna))"
    rf"\s+{FILLER}(?P<verb>[a-z]+)",
    re.IGNORECASE,
)
REQUEST = re.compile(
    r"\b(?:can|could|would|will) you(?: guys| all| two| folks)?(?: please| also| just| maybe)*"
    r"(?: be able to)?\s+"
    r"(?P<verb>[a-z]+)",
    re.IGNORECASE,
)
# Words that take a step on: "Leave it with me.", "That's on me." (an acceptance too).
_TAKING_ON = (
    r"leave (?:it|that|this) with me|leave (?:it|that) to me|that's on me|that’s on me|"
    r"that one's mine|that's mine|that's me|that’s me|consider it done|on it|i'm on it|"
    r"i'll take care of (?:it|that)"
)
ACCEPT = re.compile(
    # "Sawa, I'll send it by Thursday.": a yes in any language, then the promise
    r"^(?:[^\W\d_]+, (?=(?:i|we)(?: will|'ll|’ll| can)\b))?"
    r"(?:yes|yeah|yep|yah|yup|yea|sure|absolutely|definitely|of course|will do|no problem|happy to|"
    r"no worries|no wahala|not a problem|you got it|you bet|for sure|noted|sure thing|aye|ja|"
    r"no bother|righto|yes sir|yes ma'am|(?:grand|deal)(?=[.!,]|$)|"
    r"sounds good|i can do that|i can|can do|ok|okay|certainly|done|perfect|we can do that|"
    # "I'll send it" takes it on; "We'll see." and "I'll think about it" do not
    r"(?:i|we)(?: will|'ll|’ll)(?! (?:see|think|consider|mull|have a think|have to see)\b)|"
    rf"great|that works|mine|{_TAKING_ON}|can(?=[.!,]|$)|it is(?=[.!,]|$))\b",
    re.IGNORECASE,
)
# "The 10th works." / "Tuesday the 20th it is.": a proposed date agreed to.
AGREED_DATE = re.compile(r"^[^,.;]{2,30}?\s(?:works|is fine|it is|suits (?:me|us))\b", re.I)
# The speaker taking a step on, said after it: "Leave it with me.", "That's on me."
TAKEN_ON = re.compile(rf"^(?:{_TAKING_ON})\b", re.IGNORECASE)
# Revision markers that are also just talk ("this route might be actually ..."): with no words
# in common, they move only the speaker's own commitment.
WEAK_REVISION = re.compile(r"actually", re.IGNORECASE)
# "Let's say mid-September": a date; "let's say Alice wants to swap": an example.
SAY_DATE = re.compile(r"\b(?:let's|let us|let me) say\b", re.IGNORECASE)
REVISION = re.compile(
    r"\b(?:actually|instead(?! of\b)|let's make that|let us make that|make it|change that to|"
    r"push (?:that|it) (?:to|out to)|move (?:that|it) to|let's move|let us move|scratch that|"
    r"let's say|let me say|let's do|let us do)\b|(?<!\bby )(?<!\buntil )(?<!\bbefore )\bthen[.!]?$",
    re.IGNORECASE,
)
# Asked to move a step already promised: "Can you prepone it?", "Could you bring that forward?",
# "Any chance of getting it sooner?" (the reply with a date moves the step; the ask is no step).
MOVE_ASK = re.compile(
    r"\b(?:prepone|bring (?:it|that|this|them|those) (?:forward|in)|"
    r"(?:move|pull) (?:it|that|this|them|those) (?:up|in|forward)|"
    r"push (?:it|that|this|them|those) (?:back|out)|"
    r"(?:it|that|this|them|those) (?:any |a bit |a little )?(?:sooner|earlier|quicker|faster))\b"
    r"[^?]*\?",
    re.IGNORECASE,
)
# Verbs of a revision that carry no new action: "let's make that Monday", "move it to the 5th".
REVISION_VERBS = frozenset("make do move push change have switch say shift".split())
# ... of which these only reschedule: "let's move user training to May" moves a step that is
# not a commitment of this call when no commitment shares its words.
RESCHEDULE_VERBS = frozenset("move push change switch shift".split())
TENTATIVE = re.compile(
    r"\b(?:might|may be able|maybe|perhaps|hopefully|try to|possibly|if I can|probably|"
    r"should be able|not sure|no promises)\b",
    re.IGNORECASE,
)
DONT = re.compile(r"\b(?:don't|do not|never)\b", re.IGNORECASE)
NEGATED = re.compile(
    r"\b(?:won't|will not|can't|cannot|can not|couldn't|not going to|try not to)\b", re.I
)
# "if we could get the order form back by the 30th" asks; it does not promise.
CONDITIONAL = re.compile(
    r"\bif (?:we|you|they|I)(?: could| can| were| would| will|'ll|’ll|'re going to|’re going to|"
    r" are going to|'m going to| am going to)\b",
    re.IGNORECASE,
)
# Verbs after "I'll" that do not start an action someone can be held to.
NOT_ACTIONS = frozenset(
    "be need want see think know like love say hear guess mean imagine assume expect wait "
    "tell admit agree bet understand remember keep leave stop each both all come chat "
    "believe not never also just really actually probably maybe definitely then still even "
    "kind sort basically obviously certainly hopefully quickly absolutely skip kill lose".split()
)
# "Sort" as a verb, not "sort of": "I'll sort the guest account", "we'll sort it out".
SORT_OUT = re.compile(r"sort (?:out|the|a|an|our|your|that|this|it)\b", re.IGNORECASE)
# "I'll try." / "I'll try to." / "I'll try and, like, ...": no action named ("try the new model"
# names one).
EMPTY_TRY = re.compile(r"^try\b\s*(?:to\b|and\b|[,.;:!?…]|$)", re.IGNORECASE)
# After these, "do" is talk ("I'll do that", "we'll do our best"), not an action.
EMPTY_DO = re.compile(r"^do (?:that|it|this|so|our best|my best|the same|what)\b", re.IGNORECASE)
# An object that only points back ("send it", "set that up"): the action was named earlier.
# ("send that letter" names its object: a demonstrative only points back before a particle or
# nothing: "send that over", "get those done".)
PRONOUN_OBJECT = re.compile(
    r"^\w+(?: \w+)? (?:(?:it|them|one)(?: \w+){0,2}|(?:those|that|this|these)"
    r"(?: (?:over|up|out|across|back|off|on|in|around|done|sorted|through|together|too|again|"
    r"to \w+|myself|ourselves|first|now|today|tomorrow)){0,2})$",
    re.IGNORECASE,
)
# An action whose object is a pronoun within its first words: "aim to have it to you".
_POINTER = r"(?:it|them|those|that|this|these)\b"
POINTS_BACK = re.compile(rf"^(?:[\w-]+ ){{1,4}}{_POINTER}", re.IGNORECASE)
# ... within five words, to date the step just promised: "send an email out to them Friday".
POINTS_BACK_FAR = re.compile(rf"^(?:[\w-]+ ){{1,5}}{_POINTER}", re.IGNORECASE)
# Where a condition starts: a date after it is the condition's, not the deadline.
CONDITION_START = re.compile(r"\b(?:if|unless|as long as|provided|assuming)\b", re.IGNORECASE)
# Where a clause about something else starts: "I'll ask him, but he travels a lot in April".
OTHER_CLAUSE = re.compile(
    r",?\s+but\s+(?:he|she|they|it|that|there|this)(?:'s|’s|'re|’re|'ll|’ll)?\b", re.IGNORECASE
)
# Verbs too general to hold anyone to without a date ("we'll have a list", "I'll run it").
WEAK_VERBS = frozenset("have get make put do run look think ask".split())
# The call's own agenda, said as steps, when no later day is named (`AGENDA_DUE`): "Katrin will
# go through the integration", "Olu's going to walk through the live monitoring today".
AGENDA = re.compile(
    r"^(?:go (?:straight )?(?:through|into|over)|walk through|watch)\b", re.IGNORECASE
)
AGENDA_DUE = re.compile(
    r"^(?:(?:by |for )?(?:today|now|right now|this (?:morning|afternoon)))?$", re.I
)
# Undated, these are how a conversation goes on, not a step ("we'll go from there", "we'll talk
# about it in the weekly review").
TALK_VERBS = frozenset("go talk discuss cover chat touch continue pick circle".split())
# What an undated "we'll ..." must do to be a promise: deliver something ("we'll add them to the
# surveillance scope", "we'll put it in the statement of work").
DELIVERY_VERBS = frozenset(
    "send share add put include update write draft prepare provide deliver create build set "
    "schedule book enable provision configure migrate document publish ship sign approve "
    "finalize finalise complete finish review test fix install deploy upgrade loop introduce "
    "forward email invite extend waive cover credit refund issue file submit release merge post "
    "notify push load flash bring arrange organise organize return circulate export upload "
    "pull give".split()
)
# A weak verb that names what is owed: "I'll get you the truck counts" (someone is to receive
# it), "I'll put together an ROI model" (something is made).
# ("Send ..." is what "I'll have the number to Liam" becomes.)
WEAK_BUT_OWED = re.compile(
    r"^(?:get (?:the |our |their |your )?(?:\w+ )?(?:approval|sign-?off|signature|budget|PO)\b"
    r"|get (?:you|him|her|them|us|(?-i:[A-Z])\w+) (?:the|a|an|our|your|those|these|some|two|"
    r"three)|put together (?:the|a|an|our|some)|send (?:the|a|an|our|my|your|some)"
    r"|do (?:the|a|an|our) (?:[\w-]+ )?(?:setup|install|installation|migration|survey|"
    r"integration|configuration|handover|cutover))\b",
    re.IGNORECASE,
)
# A sentence about someone else, not the promise before it: "She's on leave till Wednesday."
ABOUT_SOMEONE = re.compile(r"(?:he|she|they|it)(?:'s|’s|'re|’re| is| are| was| were)\b", re.I)
# "Next week, though, ...": a date said as an afterthought to the promise before it.
AFTERTHOUGHT = re.compile(
    r"^,?\s*(?:though|probably|hopefully|I think|at the latest|given|because|since|what with)\b",
    re.I,
)
# "Realistically that's the week after next": the words before a date that point back to the
# promise just made.
THAT_IS_WHEN = re.compile(
    r"^(?:(?:realistically|honestly|probably|likely|so|and|but|more like|say|call it)[,\s]+)*"
    r"(?:that's|that’s|that'll be|that’ll be|that will be|that would be|it'll be|it’ll be)$",
    re.I,
)
# "Realistically after the audit, so next Thursday.": a date weighed up, for the step just taken.
WEIGHED_DATE = re.compile(r"(?:realistically|honestly|probably|likely|hopefully)\b", re.I)
# "When would I have it?": the other side asks when a promise will be kept.
ASKS_WHEN = re.compile(
    r"^(?:(?:and|so|okay|ok|great),?\s+)?(?:when|by when|how soon|what's the timing)\b.*\?$", re.I
)
# Agreeing to a date or a plan: "Monday the 22nd is fine.", "The 14th works for us."
AGREED = re.compile(r"\b(?:works|work for (?:me|us)|is fine|'s fine|’s fine|suits)\b", re.I)
# "what I'll put in front of leadership", "the pricing I'll send": a relative clause, not a promise.
RELATIVE = re.compile(
    r"(?:\b(?:what|which|that|whatever|who|where|how)"
    r"|(?<!\bwith )(?<!\bfrom )(?<!\bafter )(?<!\busing )\b(?:the|a|this|that|any)\s+[\w-]+)\s*$",
    re.IGNORECASE,
)  # "with that list I'll build ..." is a promise
# A purpose, not a promise: "Charlotte asked me to join so we can close things today".
PURPOSE = re.compile(
    r"\w\s+(?:so|so that|in order that)(?:\s+[A-Z]\w+\s+and)?\s*$", re.IGNORECASE
)  # "... so Jonas and I can check our notes after"
# An assurance that names no step: "He'll have it to you by Friday, I'll make sure."
EMPTY_ASSURANCE = re.compile(r"^make sure(?: of (?:it|that))?\W*$", re.IGNORECASE)
# Verbs that alone name no step, even with a date: "I will try for next week", "we'll do on
# the 7th", "the plan is ..." (unlike "Richard will sign by the 20th").
EMPTY_ALONE = frozenset(
    "try do plan start go work help look move proceed continue begin ask drive talk speak".split()
)
# Capitalised words that start sentences or name days, not people.
NOT_NAMES = frozenset(
    "It That This There Which What Who Everything Nothing Someone Everyone Anyone He She They "
    "We You I Then So And But Also Legal Security Procurement Finance Pricing Monday Tuesday "
    "Wednesday Thursday Friday Saturday Sunday Today Tomorrow Next Yes No Okay Sure Great "
    "Perfect Well Now Here Our Your Their My The A An If When Once After Before Maybe Please "
    "Let Everybody Nobody Somebody One Phase Step January February March April May June July "
    "August September October November December Thanks Thank Good Fine Right Cool Hi Hello "
    "Oh Ah Um Uh Mm Hmm Ha Is Are Was Were Do Does Did Has Have Had Can Could Would "
    "Should Shall Any Some Every Not Just Only Even Still Yeah Yep Nope Absolutely "
    "Definitely Actually Again Both Whoever Whatever Whichever Quick Anyway".split()
)
DEADLINE_WORD = re.compile(r"(?:\b(?:by|before|until|no later than|on|for|in)\s+)$", re.I)
# Where an action's clause ends.
CUT = re.compile(
    r",(?!\s+(?:with|including|plus)\s+(?:the|our|a|an|all|pricing)\b)|;| - "
    r"| so (?:that|we|you|I|he|she|they|it|there)\b| because | and then | once | if | when "
    r"| which | okay\b"
    r"| but | and (?:we|I|you|he|she|they)\b",
    re.I,
)
# What is done on the call itself, not owed after it: "walk you through it", "give Kate the
# two-minute version", "share my screen".
IN_CALL = re.compile(
    r"(?:tell|explain|describe|repeat|clarify|recap|summari[sz]e)\b"
    r"|(?:walk|show|take)\s+(?:you|us|me|them|everyone|everybody)\b"
    r"|share\s+(?:my|your|the|our)\s+(?:screen|agenda|slides)|introduce\s+(?:yourself|myself"
    r"|ourselves|everyone)|ask\s+(?:you\s+)?(?:a|one|another)\s+(?:quick\s+)?question"
    r"|give\s+(?:[\w-]+\s+)?(?:a|the)\s+(?:[\w-]+\s+){0,2}(?:overview|version|rundown|intro"
    r"|introduction|summary|walkthrough|walk-through|tour|recap)\b"
    r"|(?:paste|drop|post|put|share|send|throw)\b[^.?!]*?\b(?:in|into)\s+the\s+(?:\w+\s+)?chat\b"
    r"|let\s+(?:you|y'all|everyone|everybody|you\s+all|you\s+guys|you\s+folks)\s+go\b"
    r"|brace\s+myself\b|hold\s+(?:you|me|us|him|her|them)\s+to\b|give\s+you\s+that\b"
    r"|take\s+over\s+(?:as|from)\b"
    r"|[a-z]+(?:\s+[A-Z]\w+|\s+(?:it|them|him|her|this|that))?\s+now\b(?!\s+(?:that|on|and))"
    r"|(?:shut|close)\s+the\s+(?:door|window)\b|(?:un)?mute\b"
    r"|[a-z]+(?:\s+in)?\s+in\s+(?:about\s+)?(?:a\s+few|a\s+couple\s+of|\w+)\s+minutes\b"
    r"|(?:share|drop|post|paste|put|send|throw)\b[^.?!]{0,30}?\blinks?\b|(?:begin|start)\s+with\b"
    r"|(?:mind\s+)?kick(?:ing)?\s+(?:us|things|it|this)\s+off\b|take\s+(?:that|it|this)\s+as\b",
    re.IGNORECASE,
)  # "I'll flag now", "I'll shut the door", "he's going to join in about ten minutes", "I'll
# drop the link", "I'll begin with my update", "would you mind kicking us off", "I'll take that
# as a good sign"
# "Let me check ...", "let me ask ...": follow-ups the speaker owes after the call ("let me
# check real quick" is done on the call).
FOLLOW_UP = re.compile(
    r"(?:check|ask|confirm|verify|find\s+out|look\s+into|follow\s+up|double[\s-]check)\b"
    r"(?!.*\b(?:real\s+quick|quickly|in\s+a\s+(?:moment|second|sec|minute)|right\s+now|now)\b)",
    re.I,
)
# Where an action's clause ends however short it is: "review it, they meet every month",
# "ask today, no promises", "find one, I have two in mind".
ALWAYS_CUT = re.compile(
    r",\s*(?:(?:I|we|you|they|he|she)(?:'\w+|’\w+)?\s|no promises\b|but\b|if\b|so\b|like\b"
    r"|you know\b|um\b|uh\b|I mean\b)|…|\.\.\.|\s-\s*$",
    re.I,
)
# Prepositions before a capitalised word that make it a place or a thing: "our team in Lisbon
# will read the minutes".
PLACE_BEFORE = re.compile(r"\b(?:in|at|from|to|of|near|across)\s+$", re.IGNORECASE)
# Words an action does not end on: a deadline's lead left behind, or speech cut off ("I'll
# share my… I'll share my slides").
TRAILING_WORDS = frozenset(
    "by before until on for no later than in at the end of a an my your our their his her its to "
    "into from with about among that which who and or but itself instead myself ourselves".split()
)
BARE_LABEL = re.compile(r"^(?:S\d+|Unknown speaker \d+)$")

# "Let me see if I can get you access before the break": a tentative offer.
SEE_IF = re.compile(
    r"\b(?:let me|let us|I'll|I will|we'll) (?:see|check) if (?:I|we) can\b(?:\s+(?:also\s+)?"
    r"(?P<verb>[a-z]+))?",
    re.IGNORECASE,
)
PARTICIPLES = {"sent": "send", "written": "write", "built": "build", "set": "set", "done": "finish"}
# "Lena's going to own the data mapping, right Lena?": a statement with a tag, not a question.
TAG_QUESTION = re.compile(r",\s*(?:right|yes|yeah|okay|ok)(?:,?\s+[A-Z]\w+)?\?$")
# "Find out." / "I'll ask." with nothing after: no step named.
EMPTY_FIND = re.compile(
    r"^(?:find out|ask|check|check and (?:confirm|revert|come back|get back)(?: to \w+)?)\W*$",
    re.IGNORECASE,
)
# Done on the call: "I'll drop my notes in the chat", "let me paste the link into the chat".
IN_CHAT = re.compile(
    r"(?:paste|drop|post|put|share|send|throw)\b[^.?!]*?\b(?:in|into)\s+the\s+(?:\w+\s+)?chat\b",
    re.IGNORECASE,
)
# After the verb, a hedge: "I'll open the ports, hopefully Thursday", "..., if Bronwyn agrees".
HEDGE_AFTER = re.compile(
    r"\bhopefully\b|,\s*if\b|\bif (?:he|she|they|(?-i:[A-Z])\w+)(?:'s|’s)? "
    # a condition someone else decides or a state not yet reached: "if walt's happy", "if the
    # paper's clean", "if the risk committee approves"
    r"|\bif (?:the |our |your )?[\w-]+(?: [\w-]+)?(?:'s|’s| is| are)? (?:happy|ok|okay|clean|"
    r"approved|fine|good with it|on board)\b"
    r"|\bif (?:the |our |your )?[\w-]+(?: [\w-]+)? (?:approves|agrees|signs off|says yes|"
    r"signs)\b",
    re.I,
)
# "Who'd be best to get Dalia that field list?" + "Mine.": who takes it on answers.
WHO_REQUEST = re.compile(
    r"\bwho(?:'d|’d| would| will|'ll|’ll| can| could| wants to)(?: be (?:best|able|happy) to)?"
    r"\s+(?P<verb>[a-z]+)",
    re.IGNORECASE,
)
# "Could we get the message specs?": asking the other side for a thing, which they send.
# Not "When can I have the new version?" (asks when), nor "could we get your lead involved?".
ASK_FOR = re.compile(
    r"(?<!\bwhen )\b(?:can|could|may) (?:we|I)(?: please| also| maybe| just)* "
    r"(?P<verb>get|have|grab)\b"
    r"(?= (?:a copy of |copies of )?(?:the|your|some|a|an|any)\b"
    r"(?! (?:\w+ )?(?:call|meeting|session|demo|walkthrough|intro|minute|moment|word|look|chat|"
    r"sense|idea|discount|date|time)\b)"
    r"(?![^?]*\b(?:involved|on board|on (?:a|the) call|in the loop|along)\b))",
    re.IGNORECASE,
)
# "Shreya, that's one for you, isn't it?": a colleague hands the request on to Shreya.
HANDED_ON = re.compile(
    r"^(?P<name>[A-Z][^\W\d_]+),? (?:that's|that’s|that one's|that one’s|this is|is that)"
    r" (?:one for you|yours|for you|you)\b",
)
# "Someone on your side needs to whitelist our IP ranges." + "That one's mine.": a request too.
SOMEONE_NEEDS = re.compile(
    r"\b(?:someone|somebody)(?: (?:on|from|in) (?:your|our|the) \w+)? (?:needs to|has to|"
    r"should|will need to|must)\s+(?P<verb>[a-z]+)",
    re.IGNORECASE,
)
# "Send me the pricing." / "Get us the floor plans by Friday." + "Leave it with me.": an order
# the other side takes on.
ORDER = re.compile(
    r"^(?:(?:okay|ok|so|and|then|please|just)[,\s]+)*(?P<verb>send|get|email|forward|share)"
    r"(?= (?:me|us|over|across)\b)",
    re.IGNORECASE,
)
# Where one clause ends and the next begins: "..., and I'll ask", "...; we'll".
NEW_CLAUSE = re.compile(r",?\s+and\s+(?:then\s+)?(?:I|we)\b|;", re.I)
# "Take that away and come back to you": an answer owed on what was just said.
COME_BACK = re.compile(r"^(?:take (?:that|it) away and )?(?:come|get) back to you\b", re.I)
