package com.flowsupport.channel.email;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class QuotedTextTest {

	@Test
	void cutsGmailsAttributionEvenWrappedOverTwoLines() {
		assertThat(QuotedText.strip(
				"Thanks, that fixed it.\n\nOn Tue, Nov 18, 2026 at 10:02 AM Acme Support <\nsupport@acme.test> wrote:\n> Try the rear tray."))
			.isEqualTo("Thanks, that fixed it.");
		assertThat(QuotedText.strip("Yes please.\r\n\r\nOn Tue, 18 Nov 2026, Bob wrote:\r\n> Shall we replace it?"))
			.isEqualTo("Yes please.");
	}

	@Test
	void cutsOutlooksHeaderBlockAndOriginalMessage() {
		assertThat(QuotedText.strip(
				"Still broken.\n\nFrom: Acme Support <support@acme.test>\nSent: Tuesday, November 18, 2026 10:02\nTo: Alice\nSubject: Re: Printer"))
			.isEqualTo("Still broken.");
		assertThat(QuotedText.strip("See below.\n\n-----Original Message-----\nFrom: someone")).isEqualTo("See below.");
		assertThat(QuotedText.strip("Done.\n________________________________\nFrom: Acme")).isEqualTo("Done.");
	}

	@Test
	void cutsSignaturesAndMobileFootersButKeepsInlineAnswers() {
		assertThat(QuotedText.strip("Works now.\n\n-- \nAlice Example\nACME Corp")).isEqualTo("Works now.");
		assertThat(QuotedText.strip("Works now.\n\nSent from my iPhone")).isEqualTo("Works now.");
		assertThat(QuotedText.strip("> Which model?\nThe X200.\n> Since when?\nMonday.\n\n> Thanks"))
			.isEqualTo("> Which model?\nThe X200.\n> Since when?\nMonday.");
	}

	@Test
	void keepsAMessageThatIsAllQuoteRatherThanNothing() {
		assertThat(QuotedText.strip("> only a quote")).isEqualTo("> only a quote");
	}

	@Test
	void readsHtmlOnlyMailWithoutItsQuotedBlocks() {
		assertThat(HtmlText.toText("<html><head><style>p{}</style></head><body><p>Hello &amp; thanks</p>"
				+ "<div>Line two<br>Line three</div><blockquote>old stuff</blockquote></body></html>"))
			.isEqualTo("Hello & thanks\nLine two\nLine three");
	}

}
