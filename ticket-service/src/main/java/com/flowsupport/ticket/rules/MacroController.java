package com.flowsupport.ticket.rules;

import java.net.URI;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import com.flowsupport.shared.web.CursorPage;
import com.flowsupport.shared.web.Cursors;
import com.flowsupport.shared.web.ETags;
import com.flowsupport.ticket.ticket.Ticket;
import com.flowsupport.ticket.ticket.TicketView;

/**
 * Macros: {@code {name, description?, active?, position?, personal?, actions}}, and
 * applying one to a ticket.
 */
@RestController
@RequestMapping("/api/v1")
class MacroController {

	private final MacroService macros;

	MacroController(MacroService macros) {
		this.macros = macros;
	}

	/** The shared macros and the caller's personal ones, in position order. */
	@GetMapping("/macros")
	CursorPage<Macro> list(@RequestParam(required = false) @Nullable Integer limit,
			@RequestParam(required = false) @Nullable String cursor) {
		int size = Cursors.limit(limit);
		return CursorPage.fromLookahead(this.macros.page(Cursors.decode(cursor, ListPosition.class), size + 1), size,
				(macro) -> new ListPosition(macro.position(), macro.id()));
	}

	@GetMapping("/macros/{id}")
	ResponseEntity<Macro> get(@PathVariable UUID id) {
		Macro macro = this.macros.get(id);
		return ResponseEntity.ok().eTag(ETags.of(macro.version())).body(macro);
	}

	@PostMapping("/macros")
	ResponseEntity<Macro> create(@RequestBody JsonNode body) {
		Macro macro = this.macros.create(body);
		return ResponseEntity.created(URI.create("/api/v1/macros/" + macro.id()))
			.eTag(ETags.of(macro.version()))
			.body(macro);
	}

	@PatchMapping("/macros/{id}")
	ResponseEntity<Macro> update(@PathVariable UUID id, @RequestBody JsonNode body,
			@RequestHeader(name = "If-Match", required = false) @Nullable String ifMatch) {
		Macro macro = this.macros.update(id, body, ETags.expectedVersion(ifMatch));
		return ResponseEntity.ok().eTag(ETags.of(macro.version())).body(macro);
	}

	@DeleteMapping("/macros/{id}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void delete(@PathVariable UUID id) {
		this.macros.delete(id);
	}

	/** Applies the macro to the ticket; {@code If-Match} names the ticket's version. */
	@PostMapping("/tickets/{ticketId}/macros/{macroId}/apply")
	ResponseEntity<TicketView> apply(@PathVariable UUID ticketId, @PathVariable UUID macroId,
			@RequestHeader(name = "If-Match", required = false) @Nullable String ifMatch) {
		Ticket ticket = this.macros.apply(ticketId, macroId, ETags.expectedVersion(ifMatch));
		return ResponseEntity.ok().eTag(ETags.of(ticket.version())).body(TicketView.of(ticket));
	}

	/** What applying the macro would change, without saving anything. */
	@GetMapping("/tickets/{ticketId}/macros/{macroId}/preview")
	MacroService.Preview preview(@PathVariable UUID ticketId, @PathVariable UUID macroId) {
		return this.macros.preview(ticketId, macroId);
	}

}
