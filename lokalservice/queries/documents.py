"""A letter and a påminnelse as a kommitté writes them, as one view (`Page`): the head (date, the inquiry's title and
designation, the dnr, the addressee or `Enligt sändlista`, the handläggare block), the text, the signature (the signer,
then the handläggare after a slash), the attachments, the sändlista and the foot (the postal address). The e-mail text
(`as_text`) and the Word documents (outputs/docx.py) are both made from it, so that they say the same.

No rules of its own: who signs and what a name is come from rules.py; the sändlista from distribution.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import NamedTuple

from ..i18n import M, _
from ..model import rules
from ..model.folder import Folder
from ..model.problems import LokalserviceError
from ..model.records import Letter, Organisation, Staff
from ..model.text import quote
from ..model.words import long_date
from .distribution import Distribution, distribution, printed

Person = tuple[str | None, str | None, str | None]  # a contact a letter is addressed to: name, title, postal address


class Page(NamedTuple):
    """One letter or påminnelse, ready to be laid out: every value is text as the data writes it."""

    date: str  # '10 februari 2009', or '' for an undated letter
    title: str
    designation: str
    dnr: str  # '' when the letter has none
    addressee: tuple[str, ...]  # the official name, the contact and title, the address; or ('Enligt sändlista',)
    handler: tuple[str, ...]  # the handläggare block: name, phone, mobile, e-mail
    subject: str
    body: tuple[str, ...]  # paragraphs (a paragraph may hold line breaks)
    closing: str
    signature: tuple[str, ...]  # the signer and role; then '/handläggare' and role
    attachments: tuple[str, ...]
    distribution: tuple[str, ...]  # the sändlista as `mailing-list` prints it; () for a påminnelse
    footer: tuple[str, ...]  # the inquiry's postal address, website and registry address

    def as_text(self) -> str:
        """The page as plain text, for an e-mail: the head, the text, the signature, the attachments, the foot."""
        head = [line for line in (self.date, self.title, self.designation, self.dnr_line()) if line]
        blocks = [head, list(self.addressee), self.handler_lines(), [self.subject]]
        blocks += [[paragraph] for paragraph in self.body]
        blocks += [[self.closing], list(self.signature)]
        if self.attachments:
            blocks.append([self.attachments_line()])
        if self.distribution:
            blocks.append(list(self.distribution))
        if self.footer:
            blocks.append(["—" * 20, *self.footer])
        return "\n\n".join("\n".join(block) for block in blocks if block) + "\n"

    def dnr_line(self) -> str:
        return _("Our reference: {dnr}").format(dnr=self.dnr) if self.dnr else ""

    def handler_lines(self) -> list[str]:
        return [_("Case officer: {lines}").format(lines=self.handler[0]), *self.handler[1:]] if self.handler else []

    def attachments_line(self) -> str:
        return (_("Attachment: {names}") if len(self.attachments) == 1 else _("Attachments: {names}")).format(names=", ".join(self.attachments))


def subject_with_dnr(letter: Letter, subject: str) -> str:
    """A message's subject, with the letter's dnr at its end when it has one: `Frågor … (Fi 2007:06/2009/3)`."""
    return f"{subject} ({letter.dnr})" if letter.dnr else subject


def addressee(organisation: Organisation, people: Sequence[Person]) -> tuple[str, ...]:
    """The addressee block: the organisation's official name, each contact's name and title, and the postal address
    (the contact's, else the organisation's)."""
    lines = [rules.official_name(organisation)]
    address = None
    for name, title, where in people:
        lines += [value for value in (name, title) if value]
        address = address or where
    address = address or organisation.address
    if address:
        lines += address.splitlines()
    return tuple(dict.fromkeys(lines))


def handler_block(person: Staff | None) -> tuple[str, ...]:
    """The handläggare block of the head: name, phone, mobile, e-mail (what the data gives)."""
    if person is None:
        return ()
    lines = [person.name]
    if person.phone:
        lines.append(_("Phone {phone}").format(phone=person.phone))
    if person.mobile:
        lines.append(_("Mobile {phone}").format(phone=person.mobile))
    if person.email:
        lines.append(_("E-mail {address}").format(address=person.email))
    return tuple(lines)


def signature(folder: Folder, letter: Letter) -> tuple[str, ...]:
    """The signer (the letter's first sender) and role; then the handläggare after a slash (`/Lena Noreland`) and role."""
    signer, handler = rules.signer(folder, letter), rules.handler(folder, letter)
    lines: list[str] = []
    if signer is not None:
        lines += [signer.name, *([signer.role] if signer.role else [])]
    if handler is not None and handler is not signer:
        lines += ["", "/" + handler.name, *([handler.role] if handler.role else [])]
    return tuple(lines)


def footer(folder: Folder) -> tuple[str, ...]:
    """The foot of every letter: the inquiry's postal address, its website and its registry address."""
    inquiry = folder.inquiry
    if inquiry is None:
        return ()
    lines = [*(inquiry.address.splitlines() if inquiry.address else ())]
    lines += [value for value in (inquiry.website, inquiry.registry_email) if value]
    return tuple(line.strip() for line in lines if line.strip())


def paragraphs(text: str) -> tuple[str, ...]:
    """Text as paragraphs: split at blank lines; the line breaks within a paragraph kept."""
    found, current = [], []
    for line in text.replace("\r\n", "\n").split("\n"):
        if line.strip():
            current.append(line.rstrip())
        elif current:
            found.append("\n".join(current))
            current = []
    if current:
        found.append("\n".join(current))
    return tuple(found)


BODY_FILE_SUFFIXES = (".txt", ".md")


def body_text(folder: Folder, letter: Letter) -> str | None:
    """The letter's own text: its `body`, or the file it names (one line ending in .txt or .md, in the data folder)."""
    body = letter.body
    if body is None:
        return None
    if "\n" in body or not body.lower().endswith(BODY_FILE_SUFFIXES):
        return body
    from ..source.fsio import read_text

    path = Path(folder.path) / body
    if not in_folder(Path(folder.path), body):
        raise LokalserviceError(letter.problem("body", M("the file {file} is not in the data folder", file=quote(body))))
    text, _note = read_text(path, folder.file(body))
    return text


def in_folder(folder: Path, name: str) -> bool:
    """Whether `name` is a file in the data folder (or below it): what a letter's `body` and the inquiry's `template` name."""
    path = folder / name
    try:
        return path.is_file() and path.resolve().is_relative_to(folder.resolve())
    except OSError:
        return False


def letter_page(
    folder: Folder,
    letter: Letter,
    organisation: Organisation | None = None,
    people: Sequence[Person] = (),
    for_information: bool = False,
    body: str | None = None,
    sandlista: bool = True,
    found: Distribution | None = None,
) -> Page:
    """The letter: to one organisation (its official name, the contacts it goes to with their titles and address), or
    without one to everyone `Enligt sändlista`, with the sändlista as the last part. `body` (from --body) stands for
    the letter's own text; without either, a short text naming the reply-by date. `found` is the letter's sändlista
    when the caller has it already (one page per recipient)."""
    assert folder.inquiry is not None
    inquiry = folder.inquiry
    text = body if body is not None else body_text(folder, letter)
    # who must reply is the letter's reply_from (else its `to`): one asked is asked, on cc or not; one not asked is told
    asks = rules.asks_for_replies(letter)
    not_asked = organisation is not None and rules.not_asked(folder, letter, organisation.id)
    for_information = for_information and not_asked
    own = list(paragraphs(text)) if text else _default_text(letter, organisation is not None, not_asked)
    if for_information:
        own.insert(0, _("It is sent to you för kännedom (for information); you need not reply."))
    elif not_asked and asks:
        own.insert(0, _("You need not reply to this letter."))
    found = found or distribution(folder, letter)
    unlisted = bool(found.addressee) and not (found.to or found.cc)  # "Till berörda kommuner och länsstyrelser": no sändlista
    everyone = (found.addressee,) if unlisted and found.addressee else (_("According to the distribution list"),)
    return Page(
        date=long_date(letter.date) if letter.date else "",
        title=inquiry.title,
        designation=inquiry.designation,
        dnr=letter.dnr or "",
        addressee=addressee(organisation, people) if organisation is not None else everyone,
        handler=handler_block(rules.handler(folder, letter)),
        subject=letter.subject,
        body=tuple(own),
        closing=_("Yours sincerely"),
        signature=signature(folder, letter),
        attachments=letter.attachments,
        distribution=tuple(printed(folder, found)) if sandlista and (found.to or found.cc) else (),
        footer=footer(folder),
    )


def _default_text(letter: Letter, mailed: bool, not_asked: bool) -> list[str]:
    """What a letter says when the data holds no text of it: in an e-mail, which letter it is; its reply-by date (not
    to one it does not ask, such as one who gets it för kännedom)."""
    lines = []
    if mailed:
        sent = _("Here is our letter “{subject}”, dated {date}.") if letter.date else _("Here is our letter “{subject}”.")
        lines.append(sent.format(subject=letter.subject, date=long_date(letter.date) if letter.date else ""))
    if letter.reply_by and not not_asked:
        lines.append(_("We would be grateful for your reply by {date}.").format(date=long_date(letter.reply_by)))
    return lines


def reminder_page(folder: Folder, letter: Letter, organisation: Organisation, people: Sequence[Person], today: date, by: date) -> Page:
    """The påminnelse as a Swedish authority writes it (or a real English letter): dated today, to the official name and
    the contacts with their titles; it cites the letter's date, subject and dnr, says why the reply matters, asks for a
    concrete new date (and again for consent to publish, where the letter asked), names the registry address, the
    website and a phone number, the attachments again, and that it may be disregarded by one who has replied; signed by
    the handläggare alone."""
    assert folder.inquiry is not None
    inquiry = folder.inquiry
    if letter.date and letter.dnr:
        sent = _("On {date} we sent you the letter “{subject}” ({dnr}).").format(date=long_date(letter.date), subject=letter.subject, dnr=letter.dnr)
    elif letter.date:
        sent = _("On {date} we sent you the letter “{subject}”.").format(date=long_date(letter.date), subject=letter.subject)
    elif letter.dnr:
        sent = _("We have sent you the letter “{subject}” ({dnr}).").format(subject=letter.subject, dnr=letter.dnr)
    else:
        sent = _("We have sent you the letter “{subject}”.").format(subject=letter.subject)
    deadline = rules.own_deadline(folder.holidays, letter, organisation.id)  # more time granted counts
    granted = rules.extended_until(letter, organisation.id)
    text = []
    if letter.reply_by and deadline and deadline < today:
        text += [sent + " " + _("We asked for your reply by {date} but have not yet received it.").format(date=long_date(granted or letter.reply_by))]
    elif letter.reply_by and by == deadline:  # before the last day: the date is the letter's own, said once
        text += [sent + " " + _("We would like to remind you that we need your reply by {date}.").format(date=long_date(deadline))]
    elif letter.reply_by:  # more time granted: the day it was granted to, not the letter's own that has passed
        text += [sent + " " + _("We would like to remind you that we need your reply by {date}.").format(date=long_date(granted or letter.reply_by))]
    else:
        text += [sent + " " + _("We have not yet received your reply.")]
    if letter.purpose:
        text.append(letter.purpose)
    if not (letter.reply_by and by == deadline and deadline >= today):
        text.append(_("We would be grateful for your reply by {date}.").format(date=long_date(by)))
    if letter.asks_consent:
        text.append(_("The letter also asked whether we may publish your reply on the inquiry's website; please tell us that too."))
    signer = rules.reminder_signer(folder, letter)
    contact = rules.sender(folder, letter)
    registry = inquiry.registry_email or (contact.email if contact else None)
    how = []
    if registry:
        how.append(_("You can reply by e-mail to {address}.").format(address=registry))
    if inquiry.website:
        how.append(_("More about the inquiry is at {website}.").format(website=inquiry.website))
    if how:
        text.append(" ".join(how))
    if letter.attachments:
        text.append(_("The letter came with: {attachments}.").format(attachments=", ".join(letter.attachments)))
    asked = signer or contact
    if asked is not None:
        ways = [
            _("phone {phone}").format(phone=asked.phone or asked.mobile) if asked.phone or asked.mobile else "",
            _("e-mail {address}").format(address=asked.email) if asked.email else "",
        ]
        reach = ", ".join(w for w in ways if w)
        question = _("If you have questions, please contact {name}, {ways}.") if reach else _("If you have questions, please contact {name}.")
        text.append(question.format(name=asked.name, ways=reach))
    text.append(_("If you have already sent your reply, please disregard this reminder."))
    return Page(
        date=long_date(today),
        title=inquiry.title,
        designation=inquiry.designation,
        dnr=letter.dnr or "",
        addressee=addressee(organisation, people),
        handler=handler_block(signer),
        subject=_("Reminder: {subject}").format(subject=letter.subject),
        body=tuple(text),
        closing=_("Yours sincerely"),
        signature=(signer.name, *([signer.role] if signer.role else [])) if signer is not None else (),
        attachments=(),
        distribution=(),
        footer=footer(folder),
    )
