package com.flowsupport.ticket.field;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.flowsupport.shared.tenancy.Tenancy;
import com.flowsupport.shared.web.Problems;

/**
 * Validates ticket custom field values against the tenant's definitions. Errors name the
 * field ({@code customFields.<key>}), and nothing is stored unless every value is valid.
 */
@Service
public class CustomFields {

	static final int TEXT_MAX = 1_000;

	static final int TEXTAREA_MAX = 65_535;

	private final FieldRepository fields;

	CustomFields(FieldRepository fields) {
		this.fields = fields;
	}

	@Transactional(readOnly = true)
	public List<FieldDefinition> definitions() {
		return this.fields.all(Tenancy.require().requireTenantId());
	}

	@Transactional(readOnly = true)
	public Optional<FieldDefinition> definition(UUID id) {
		return this.fields.find(Tenancy.require().requireTenantId(), id);
	}

	/**
	 * Applies a JSON merge patch of values ({@code null} clears a field) to
	 * {@code current}.
	 * @return the validated values, in a canonical form (dates as ISO strings, numbers as
	 * numbers)
	 */
	public Map<String, Object> merge(Map<String, Object> current, Map<String, @Nullable Object> patch) {
		if (patch.isEmpty()) {
			return current;
		}
		Map<String, FieldDefinition> byKey = new HashMap<>();
		definitions().forEach((field) -> byKey.put(field.key(), field));
		Map<String, String> errors = new TreeMap<>();
		Map<String, Object> result = new LinkedHashMap<>(current);
		patch.forEach((key, value) -> {
			FieldDefinition field = byKey.get(key);
			if (field == null || !field.active()) {
				errors.put("customFields." + key, "no such field");
				return;
			}
			if (value == null) {
				result.remove(key);
				return;
			}
			try {
				result.put(key, canonical(field, value));
			}
			catch (InvalidValue ex) {
				errors.put("customFields." + key, ex.getMessage());
			}
		});
		if (!errors.isEmpty()) {
			throw Problems.unprocessable(errors);
		}
		return result;
	}

	/** A ticket is solved only with every required field filled in. */
	public void requireComplete(Map<String, Object> values) {
		Map<String, String> errors = new TreeMap<>();
		for (FieldDefinition field : definitions()) {
			if (field.active() && field.required() && isEmpty(values.get(field.key()))) {
				errors.put("customFields." + field.key(), "is required to solve the ticket");
			}
		}
		if (!errors.isEmpty()) {
			throw Problems.unprocessable(errors);
		}
	}

	private static boolean isEmpty(@Nullable Object value) {
		return value == null || (value instanceof String text && text.isBlank())
				|| (value instanceof Collection<?> list && list.isEmpty());
	}

	static Object canonical(FieldDefinition field, Object value) {
		return switch (field.type()) {
			case TEXT -> text(value, TEXT_MAX);
			case TEXTAREA -> text(value, TEXTAREA_MAX);
			case CHECKBOX -> {
				if (value instanceof Boolean flag) {
					yield flag;
				}
				throw new InvalidValue("must be true or false");
			}
			case DATE -> {
				try {
					yield LocalDate.parse(text(value, 10)).toString();
				}
				catch (DateTimeParseException ex) {
					throw new InvalidValue("must be a date like 2026-01-31");
				}
			}
			case INTEGER -> {
				if (value instanceof Integer || value instanceof Long
						|| (value instanceof BigInteger big && big.bitLength() < 64)) {
					yield ((Number) value).longValue();
				}
				throw new InvalidValue("must be a whole number");
			}
			case DECIMAL -> {
				if (value instanceof Number number) {
					BigDecimal decimal = new BigDecimal(number.toString());
					if (decimal.precision() > 30) {
						throw new InvalidValue("has too many digits");
					}
					yield decimal;
				}
				throw new InvalidValue("must be a number");
			}
			case REGEX -> {
				String text = text(value, TEXT_MAX);
				if (field.pattern() == null || !BoundedRegex.matches(field.pattern(), text)) {
					throw new InvalidValue("does not match the pattern " + field.pattern());
				}
				yield text;
			}
			case DROPDOWN -> {
				String text = text(value, TEXT_MAX);
				requireOption(field, text);
				yield text;
			}
			case MULTISELECT -> {
				if (!(value instanceof List<?> list)) {
					throw new InvalidValue("must be a list of option values");
				}
				LinkedHashSet<String> chosen = new LinkedHashSet<>();
				for (Object item : list) {
					String text = (item != null) ? text(item, TEXT_MAX) : "";
					requireOption(field, text);
					chosen.add(text);
				}
				yield new ArrayList<>(chosen);
			}
		};
	}

	private static void requireOption(FieldDefinition field, String value) {
		if (field.options().stream().noneMatch((option) -> option.value().equals(value))) {
			throw new InvalidValue("'" + value + "' is not one of "
					+ field.options().stream().map(FieldDefinition.Option::value).toList());
		}
	}

	private static String text(Object value, int max) {
		if (!(value instanceof String text)) {
			throw new InvalidValue("must be a string");
		}
		if (text.length() > max) {
			throw new InvalidValue("must be at most " + max + " characters");
		}
		return text;
	}

	static final class InvalidValue extends RuntimeException {

		InvalidValue(String message) {
			super(message, null, false, false);
		}

	}

}
