package com.flowsupport.shared.web;

import java.util.List;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * One page of a list: {@code {"items": [...], "nextCursor": "..." | null}}.
 *
 * @param <T> the item type
 * @param items at most the requested limit
 * @param nextCursor opaque position after the last item, or {@code null} on the last page
 */
public record CursorPage<T>(List<T> items, @Nullable String nextCursor) {

	public CursorPage {
		items = List.copyOf(items);
	}

	/**
	 * Builds a page from a query that fetched {@code limit + 1} rows: the extra row only
	 * tells that another page exists, and the cursor points after the last row returned.
	 */
	public static <T> CursorPage<T> fromLookahead(List<T> rows, int limit, Function<T, ?> cursorKey) {
		if (rows.size() <= limit) {
			return new CursorPage<>(rows, null);
		}
		List<T> page = rows.subList(0, limit);
		return new CursorPage<>(page, Cursors.encode(cursorKey.apply(page.get(limit - 1))));
	}

	public <R> CursorPage<R> map(Function<T, R> mapper) {
		return new CursorPage<>(this.items.stream().map(mapper).toList(), this.nextCursor);
	}

}
