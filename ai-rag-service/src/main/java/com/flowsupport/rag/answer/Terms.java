package com.flowsupport.rag.answer;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The words of a text that carry its meaning: lower-cased, without function words and the
 * filler of customer questions ("how do I", "please help"), reduced to a light stem so
 * that "backups", "backed up" and "backup" meet.
 */
final class Terms {

	private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}_]+");

	/**
	 * Function words and the words of asking; none of them says what a question is about.
	 */
	static final Set<String> STOPWORDS = Set.of("a", "about", "above", "after", "again", "all", "also", "am", "an",
			"and", "any", "anyone", "anything", "are", "as", "at", "be", "because", "been", "before", "being", "best",
			"between", "both", "but", "by", "can", "cannot", "cant", "could", "did", "do", "does", "doing", "done",
			"dont", "each", "else", "even", "ever", "every", "for", "from", "get", "gets", "getting", "got", "had",
			"has", "have", "having", "he", "hello", "help", "her", "here", "hey", "hi", "him", "his", "how", "i", "if",
			"im", "in", "into", "is", "isnt", "it", "its", "just", "know", "let", "like", "me", "might", "more", "most",
			"much", "must", "my", "need", "needs", "no", "not", "now", "of", "off", "ok", "on", "once", "one", "only",
			"or", "other", "our", "out", "over", "please", "possible", "pls", "really", "same", "say", "says", "should",
			"so", "some", "someone", "something", "still", "such", "sure", "tell", "than", "thank", "thanks", "that",
			"the", "their", "them", "then", "there", "these", "they", "thing", "things", "this", "those", "to", "too",
			"try", "trying", "up", "us", "very", "want", "wants", "was", "way", "ways", "we", "well", "were", "what",
			"whats", "when", "where", "whether", "which", "while", "who", "why", "will", "with", "without", "would",
			"yes", "yet", "you", "your", "yours");

	private Terms() {
	}

	/** The distinct stems of a text's meaningful words, in order of appearance. */
	static List<String> of(String text) {
		Set<String> terms = new LinkedHashSet<>();
		for (String word : words(text)) {
			if (!STOPWORDS.contains(word) && !(word.length() == 1 && !Character.isDigit(word.charAt(0)))) {
				terms.add(stem(word));
			}
		}
		return new ArrayList<>(terms);
	}

	/** Every word of a text, lower-cased, stop words included. */
	static List<String> words(String text) {
		List<String> words = new ArrayList<>();
		Matcher matcher = WORD.matcher(text.toLowerCase(Locale.ROOT).replace("'", ""));
		while (matcher.find()) {
			words.add(matcher.group());
		}
		return words;
	}

	/**
	 * A light English stem (the first step of Porter's algorithm and a few derivational
	 * endings): enough to match inflections, never so much that unrelated words meet.
	 */
	static String stem(String word) {
		if (word.length() <= 3 || word.indexOf('_') >= 0 || !word.chars().allMatch(Character::isLetter)) {
			return word;
		}
		String stem = word;
		if (stem.endsWith("sses")) {
			stem = stem.substring(0, stem.length() - 2);
		}
		else if (stem.endsWith("ies") && stem.length() > 4) {
			stem = stem.substring(0, stem.length() - 3) + "y";
		}
		else if (stem.endsWith("s") && !stem.endsWith("ss") && !stem.endsWith("us") && !stem.endsWith("is")) {
			stem = stem.substring(0, stem.length() - 1);
		}
		for (String ending : List.of("ing", "ed", "ation", "ment", "ly", "er", "able", "ion")) {
			if (stem.endsWith(ending) && hasVowel(stem.substring(0, stem.length() - ending.length()))
					&& stem.length() - ending.length() >= 3) {
				stem = stem.substring(0, stem.length() - ending.length());
				break;
			}
		}
		if (stem.length() > 3 && stem.charAt(stem.length() - 1) == stem.charAt(stem.length() - 2)
				&& "bdfgmnprt".indexOf(stem.charAt(stem.length() - 1)) >= 0) {
			stem = stem.substring(0, stem.length() - 1);
		}
		if (stem.endsWith("e") && stem.length() > 3) {
			stem = stem.substring(0, stem.length() - 1);
		}
		if (stem.endsWith("y") && stem.length() > 3) {
			stem = stem.substring(0, stem.length() - 1) + "i";
		}
		return stem;
	}

	private static boolean hasVowel(String text) {
		for (int i = 0; i < text.length(); i++) {
			if ("aeiouy".indexOf(text.charAt(i)) >= 0) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Whether a query's term and a passage's term are one word: one stem begins the other
	 * (the light stemmer leaves "deliv" and "deliveri"), or they differ by the typos
	 * customers make — one edit in a word of four to seven letters, two from eight.
	 */
	static boolean near(String query, String passage) {
		if (query.equals(passage)) {
			return true;
		}
		String shorter = (query.length() <= passage.length()) ? query : passage;
		String longer = (shorter == query) ? passage : query;
		if (shorter.length() >= 5 && longer.startsWith(shorter) && longer.length() - shorter.length() <= 4) {
			return true;
		}
		int length = query.length();
		if (length < 4 || Math.abs(length - passage.length()) > 2) {
			return false;
		}
		int allowed = (length >= 8) ? 2 : 1;
		return distance(query, passage, allowed) <= allowed;
	}

	/** Optimal string alignment distance, given up once above {@code bound}. */
	static int distance(String a, String b, int bound) {
		int[][] d = new int[a.length() + 1][b.length() + 1];
		for (int i = 0; i <= a.length(); i++) {
			d[i][0] = i;
		}
		for (int j = 0; j <= b.length(); j++) {
			d[0][j] = j;
		}
		for (int i = 1; i <= a.length(); i++) {
			int rowMin = Integer.MAX_VALUE;
			for (int j = 1; j <= b.length(); j++) {
				int cost = (a.charAt(i - 1) == b.charAt(j - 1)) ? 0 : 1;
				d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
				if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
					d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + cost);
				}
				rowMin = Math.min(rowMin, d[i][j]);
			}
			if (rowMin > bound) {
				return bound + 1;
			}
		}
		return d[a.length()][b.length()];
	}

}
