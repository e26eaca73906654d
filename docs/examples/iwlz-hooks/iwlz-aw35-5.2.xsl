<?xml version="1.0" encoding="UTF-8"?>
<!--
  A deployment's hooks for the iWlz 2.2 AW35 rule set (schemas/README.md, "Hooks").

  The published stylesheets call hook templates that always pass: validAGBCode
  (TR042, "the AGB code is valid") and validZorginstelling (TR100, "the Ontvanger
  belongs to the Afzender"). The gateway imports this file after the standard's
  stylesheet, so the templates here take precedence. This example is the table
  of which zorgkantoor codes each zorgaanbieder has a contract with; a deployment
  generates it from its own contract registry.
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <!-- TR100: Afzender (pInstelling) may send to Ontvanger (pOntvanger). -->
  <xsl:template match="*" mode="validZorginstelling">
    <xsl:param name="pInstelling"/>
    <xsl:param name="pOntvanger"/>
    <xsl:choose>
      <xsl:when test="$pInstelling = '12345678' and ($pOntvanger = '5509' or $pOntvanger = '5511' or $pOntvanger = '5517')">true</xsl:when>
      <xsl:when test="$pInstelling = '87654321' and ($pOntvanger = '5501' or $pOntvanger = '5509')">true</xsl:when>
      <xsl:otherwise>false</xsl:otherwise>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>
